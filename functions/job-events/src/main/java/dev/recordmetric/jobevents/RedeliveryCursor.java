package dev.recordmetric.jobevents;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Where redelivery is in the hook's deliveries, kept in the ledger table's item {@code cursor#redelivery}
 * (the module's README): {@code delivery_id}, the newest delivery below which every delivery was
 * dealt with, and, while a sweep from the newest delivery down to it is unfinished (a run's page or
 * redelivery bound reached), where the sweep goes on: {@code sweep_ceiling} (its newest delivery),
 * {@code sweep_page_url} (the page to list next, from GitHub's {@code Link} header; absent for the
 * first page) and {@code sweep_below} (the deliveries of that page still to examine are those with
 * smaller ids). A write is conditional on the {@code version} read, so that two overlapping runs
 * never move the cursor over deliveries the other has not dealt with.
 */
final class RedeliveryCursor {

    static final String KEY = "cursor#redelivery";
    static final String DELIVERY_ID = "delivery_id";
    static final String SWEEP_CEILING = "sweep_ceiling";
    static final String SWEEP_PAGE_URL = "sweep_page_url";
    static final String SWEEP_BELOW = "sweep_below";
    static final String VERSION = "version";
    private static final String PK = "pk";

    /**
     * @param floor every delivery up to this id was dealt with; null before the first sweep ended
     * @param sweep the unfinished sweep, or null
     * @param version the item's version, 0 when there is none
     */
    record State(Long floor, Sweep sweep, long version) {
        static final State NONE = new State(null, null, 0);
    }

    /** An unfinished sweep: its newest delivery, the page to list next (null: the newest) and the id its examination stopped at. */
    record Sweep(long ceiling, String pageUrl, long below) {
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private long calls;

    RedeliveryCursor(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    State read() {
        calls++;
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of(PK, AttributeValue.fromS(KEY))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return State.NONE;
        }
        Long floor = number(item, DELIVERY_ID);
        Long ceiling = number(item, SWEEP_CEILING);
        Sweep sweep = ceiling == null ? null : new Sweep(ceiling,
                Optional.ofNullable(item.get(SWEEP_PAGE_URL)).map(AttributeValue::s).orElse(null), number(item, SWEEP_BELOW));
        return new State(floor, sweep, number(item, VERSION));
    }

    /** Writes {@code next} if the item is still at {@code read}'s version; returns whether it was. */
    boolean write(State read, Long floor, Sweep sweep) {
        calls++;
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, AttributeValue.fromS(KEY));
        item.put(VERSION, AttributeValue.fromN(Long.toString(read.version() + 1)));
        if (floor != null) {
            item.put(DELIVERY_ID, AttributeValue.fromN(Long.toString(floor)));
        }
        if (sweep != null) {
            item.put(SWEEP_CEILING, AttributeValue.fromN(Long.toString(sweep.ceiling())));
            item.put(SWEEP_BELOW, AttributeValue.fromN(Long.toString(sweep.below())));
            if (sweep.pageUrl() != null) {
                item.put(SWEEP_PAGE_URL, AttributeValue.fromS(sweep.pageUrl()));
            }
        }
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(" + PK + ") OR " + VERSION + " = :read")
                    .expressionAttributeValues(Map.of(":read", AttributeValue.fromN(Long.toString(read.version())))));
            return true;
        } catch (ConditionalCheckFailedException anotherRunMovedIt) {
            return false;
        }
    }

    /** DynamoDB calls made so far (GetItem and PutItem). */
    long calls() {
        return calls;
    }

    private static Long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Long.parseLong(value.n());
    }
}
