package dev.recordmetric.jobevents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.InvocationLog;
import dev.recordmetric.common.JsonStreams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One delivery, answered in the README's order: method and size, then the signature (nothing is
 * parsed before it, octokit/webhooks-methods' and GitHub's advice), then the event, the content
 * type, the payload and the ledger write. GitHub's headers: {@code X-GitHub-Event},
 * {@code X-GitHub-Delivery} (a GUID per delivery, kept by redeliveries), {@code X-Hub-Signature-256}
 * (GitHub docs, "Webhook events and payloads", delivery headers). Thread-safe.
 */
final class JobEventsReceiver {

    /** GitHub caps payloads at 25 MB; a {@code workflow_job} delivery is a few KB. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** How much of a caller-chosen header (event name, delivery GUID) goes into the log line. */
    private static final int MAX_LOGGED_HEADER = 64;

    private final WebhookSecret secret;
    private final JobLedger ledger;
    private final Clock clock;

    JobEventsReceiver(WebhookSecret secret, JobLedger ledger, Clock clock) {
        this.secret = secret;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Reads the webhook secret now (at init), so that the first delivery does not wait for it. */
    void readSecret() {
        secret.current();
    }

    /** The delivery's answer; what the log line needs is put into {@code log}, with the outcome. */
    Answer receive(FunctionUrlRequest request, InvocationLog log) {
        String event = request.header("x-github-event").orElse("");
        String delivery = request.header("x-github-delivery").orElse("");
        log.put("event", clip(event)).put("delivery", clip(delivery));
        if (!"POST".equals(request.method())) {
            return new Answer(FunctionUrlResponse.message(405, "GitHub delivers webhooks with POST; this URL takes nothing else"),
                    "wrong-method");
        }
        if (request.body().length > MAX_BODY_BYTES) {
            return new Answer(FunctionUrlResponse.message(413, "the body is larger than " + MAX_BODY_BYTES
                    + " bytes; workflow_job deliveries are a few KB: check the webhook's events (only Workflow jobs)"),
                    "too-large");
        }
        Answer refused = checkSignature(request);
        if (refused != null) {
            return refused;
        }
        if ("ping".equals(event)) {
            return new Answer(FunctionUrlResponse.message(200, "pong: the webhook's secret and URL are right"), "ping");
        }
        if (!"workflow_job".equals(event)) {
            return new Answer(FunctionUrlResponse.message(202, "ignored: only workflow_job events are recorded;"
                    + " the webhook needs no other event"), "ignored");
        }
        if (!isJson(request.header("content-type").orElse(""))) {
            return new Answer(FunctionUrlResponse.message(415, "the body is not JSON: set the webhook's"
                    + " \"Content type: application/json\""), "wrong-content-type");
        }
        JsonNode payload;
        LedgerJob job;
        try {
            payload = JsonStreams.readTree(new ByteArrayInputStream(request.body()));
            if (payload == null || !payload.isObject()) {
                throw new MalformedPayloadException("the body is not a JSON object");
            }
            log.put("action", clip(payload.path("action").asText("")));
            job = LedgerJob.fromWebhook(payload);
        } catch (IOException e) {
            return new Answer(FunctionUrlResponse.message(400, "malformed workflow_job payload: the body is not JSON"), "malformed");
        } catch (MalformedPayloadException e) {
            return new Answer(FunctionUrlResponse.message(400, "malformed workflow_job payload: " + e.getMessage()), "malformed");
        }
        log.put("job", job.jobId()).put("status", job.status().wire());
        RecordOutcome outcome;
        try {
            outcome = ledger.record(job, delivery.isEmpty() ? "unknown" : delivery,
                    payload.path("action").asText(job.status().wire()), clock.instant());
        } catch (SdkException e) {
            log.put("error", e.getClass().getName());
            if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
                log.put("awsErrorCode", String.valueOf(service.awsErrorDetails().errorCode()));
            }
            return new Answer(FunctionUrlResponse.message(500, "the job ledger could not be written; redelivery repairs it"),
                    "failed");
        }
        return new Answer(FunctionUrlResponse.json(200, JsonStreams.objectNode()
                .put("job", job.jobId())
                .put("status", job.status().wire())
                .put("outcome", outcome.wire())), outcome.wire());
    }

    /** Null when the signature is valid, else the 401 (or the 500 when the secret cannot be read). */
    private Answer checkSignature(FunctionUrlRequest request) {
        String header = request.header(WebhookSignature.HEADER).orElse(null);
        WebhookSignature.Verdict verdict;
        try {
            verdict = WebhookSignature.verify(secret.current(), request.body(), header);
            if (verdict == WebhookSignature.Verdict.MISMATCH) {
                Optional<byte[]> rotated = secret.rereadAfterMismatch();
                if (rotated.isPresent()) {
                    verdict = WebhookSignature.verify(rotated.get(), request.body(), header);
                }
            }
        } catch (WebhookSecret.WebhookSecretUnavailableException e) {
            return new Answer(FunctionUrlResponse.message(500, "the webhook secret cannot be read; see the function's log"),
                    "secret-unavailable", e.getMessage());
        }
        return switch (verdict) {
            case VALID -> null;
            case MISSING -> rejected(request.header("x-hub-signature").isPresent()
                    ? "only the SHA-1 X-Hub-Signature was sent; X-Hub-Signature-256 is required: set a secret on the webhook"
                    : "X-Hub-Signature-256 is missing: set the webhook's secret (the one stored in WEBHOOK_SECRET_ARN)");
            case MALFORMED -> rejected("X-Hub-Signature-256 is not sha256= and 64 hex digits");
            case MISMATCH -> rejected("X-Hub-Signature-256 does not match the body: the webhook's secret differs from the one"
                    + " stored in WEBHOOK_SECRET_ARN");
        };
    }

    private static Answer rejected(String problem) {
        return new Answer(FunctionUrlResponse.message(401, problem), "rejected-signature");
    }

    /** {@code application/json}, with or without parameters (GitHub sends no charset). */
    private static boolean isJson(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        int parameters = type.indexOf(';');
        return (parameters < 0 ? type : type.substring(0, parameters)).strip().equals("application/json");
    }

    private static String clip(String header) {
        return header.length() <= MAX_LOGGED_HEADER ? header : header.substring(0, MAX_LOGGED_HEADER) + "...";
    }

    /**
     * @param outcome the log line's {@code outcome}
     * @param problem for the log line when the function, not the caller, is at fault; else null
     */
    record Answer(FunctionUrlResponse response, String outcome, String problem) {
        Answer(FunctionUrlResponse response, String outcome) {
            this(response, outcome, null);
        }
    }
}
