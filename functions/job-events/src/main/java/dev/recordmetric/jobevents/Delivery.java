package dev.recordmetric.jobevents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.errors.MalformedResponseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One item of a hook's deliveries ("List deliveries for an organization webhook", "List deliveries
 * for an app webhook"): the fields redelivery reads.
 *
 * @param status {@code OK} when the receiver answered 2xx, a description of the failure otherwise
 * @param statusCode the receiver's status, 0 when it gave none
 */
record Delivery(long id, String guid, Instant deliveredAt, boolean redelivery, String status, int statusCode) {

    /** A failed delivery: GitHub's status is not {@code OK}, or the receiver's code is not 2xx. */
    boolean failed() {
        return !"OK".equals(status) || statusCode / 100 != 2;
    }

    static Delivery from(JsonNode item) {
        JsonNode id = item.get("id");
        JsonNode guid = item.get("guid");
        if (id == null || !id.canConvertToLong() || guid == null || !guid.isTextual()) {
            throw new MalformedResponseException("GitHub listed a webhook delivery without a numeric id and a guid.");
        }
        Instant deliveredAt;
        try {
            deliveredAt = Instant.parse(item.path("delivered_at").asText());
        } catch (DateTimeParseException e) {
            throw new MalformedResponseException("GitHub listed webhook delivery " + id.asLong()
                    + " without an ISO-8601 delivered_at.");
        }
        return new Delivery(id.asLong(), guid.asText(), deliveredAt, item.path("redelivery").asBoolean(false),
                item.path("status").asText(""), item.path("status_code").asInt(0));
    }
}
