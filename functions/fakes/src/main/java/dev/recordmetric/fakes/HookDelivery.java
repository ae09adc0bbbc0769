package dev.recordmetric.fakes;

import java.time.Instant;

/**
 * One delivery of a hook, as GitHub lists it ("List deliveries for an organization webhook", "List
 * deliveries for an app webhook": id, guid, delivered_at, redelivery, duration, status, status_code,
 * event, action, installation_id, repository_id, throttled_at) and the body it sent, which a
 * redelivery sends again.
 *
 * @param guid the {@code X-GitHub-Delivery} header; a redelivery keeps its original's
 * @param duration seconds the delivery took
 * @param status {@code OK} for a 2xx answer, a description of the failure otherwise
 * @param statusCode the receiver's HTTP status, 0 when there was none (timeout, connection refused)
 * @param installationId null unless the hook is a GitHub App's
 */
public record HookDelivery(long id, String guid, Instant deliveredAt, boolean redelivery, double duration, String status,
        int statusCode, String event, String action, Long installationId, Long repositoryId, Instant throttledAt,
        String body) {

    /** Whether the receiver answered 2xx. */
    public boolean succeeded() {
        return statusCode / 100 == 2;
    }
}
