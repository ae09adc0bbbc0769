package dev.recordmetric.fakes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The job ledger's table and writes (functions/job-events/README.md: one item per job, the
 * {@code open-jobs} index, the one write rule, the {@code checked_at} touch) played against any
 * DynamoDB: each step's outcome as a line of text, and the table's items at the end. The same
 * scenarios on {@link FakeDynamoDb} and on moto must give the same lines and items.
 */
final class LedgerTableScenarios {

    static final String TABLE_NAME = "record-metric-job-ledger";
    static final String INDEX = "open-jobs";
    private static final String WRITE_RULE = "attribute_not_exists(pk) OR status_rank < :rank";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final List<String> outcomes = new ArrayList<>();

    LedgerTableScenarios(DynamoDbClient dynamoDb) {
        this(dynamoDb, LedgerTableScenarios.TABLE_NAME);
    }

    /** On a table of this name (moto keeps the tables of every test of the JVM in one process). */
    LedgerTableScenarios(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.table = tableName;
    }

    List<String> outcomes() {
        return outcomes;
    }

    void createTable() {
        dynamoDb.createTable(request -> request.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("open_status").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("checked_at").attributeType(ScalarAttributeType.N).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(INDEX)
                        .keySchema(KeySchemaElement.builder().attributeName("open_status").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("checked_at").keyType(KeyType.RANGE).build())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build()));
        dynamoDb.updateTimeToLive(request -> request.tableName(table)
                .timeToLiveSpecification(ttl -> ttl.enabled(true).attributeName("expires_at")));
        var description = dynamoDb.describeTable(request -> request.tableName(table)).table();
        outcomes.add("table " + description.tableStatusAsString() + " keys " + description.keySchema().getFirst().attributeName()
                + " index " + description.globalSecondaryIndexes().getFirst().indexName() + " "
                + description.globalSecondaryIndexes().getFirst().keySchema().stream().map(KeySchemaElement::attributeName).toList());
        outcomes.add("ttl " + dynamoDb.describeTimeToLive(request -> request.tableName(table)).timeToLiveDescription().attributeName());
    }

    /** A job item as the receiver writes it, from a delivery of {@code status}. */
    static Map<String, AttributeValue> job(long id, String status, long checkedAt, String delivery) {
        int rank = List.of("waiting", "queued", "in_progress", "completed").indexOf(status);
        Map<String, AttributeValue> item = new TreeMap<>();
        item.put("pk", s("job#" + id));
        item.put("job_id", n(id));
        item.put("run_id", n(id * 10));
        item.put("run_attempt", n(1));
        item.put("repository", s("example-org/app"));
        item.put("labels", AttributeValue.fromL(List.of(s("self-hosted"), s("Linux"), s("installation_id:demo"))));
        item.put("status", s(status));
        item.put("status_rank", n(rank));
        item.put("created_at", s("2026-12-07T10:00:00Z"));
        if (rank >= 2) {
            item.put("started_at", s("2026-12-07T10:00:05Z"));
            item.put("runner_id", n(1001));
            item.put("runner_name", s("runner-01"));
        }
        if (status.equals("completed")) {
            item.put("conclusion", s("success"));
            item.put("completed_at", s("2026-12-07T10:01:00Z"));
        } else {
            item.put("open_status", s(status));
        }
        item.put("last_delivery", s(delivery));
        item.put("checked_at", n(checkedAt));
        item.put("expires_at", n(checkedAt + 86_400));
        return item;
    }

    /** The one write rule: recorded, or unchanged when the ledger already holds this rank or a higher one. */
    String record(Map<String, AttributeValue> item) {
        try {
            dynamoDb.putItem(request -> request.tableName(table).item(item)
                    .conditionExpression(WRITE_RULE)
                    .expressionAttributeValues(Map.of(":rank", item.get("status_rank"))));
            return log("record " + item.get("pk").s() + " " + item.get("status").s() + ": recorded");
        } catch (ConditionalCheckFailedException e) {
            return log("record " + item.get("pk").s() + " " + item.get("status").s() + ": unchanged (" + e.awsErrorDetails().errorCode()
                    + ", " + e.statusCode() + ")");
        }
    }

    /** Reconciliation found the same status: only {@code checked_at} moves, if the rank is still the one read. */
    String touch(long id, int rank, long checkedAt) {
        try {
            var answer = dynamoDb.updateItem(request -> request.tableName(table)
                    .key(Map.of("pk", s("job#" + id)))
                    .updateExpression("SET checked_at = :now, #expires = :now + :day")
                    .conditionExpression("status_rank = :rank AND attribute_exists(open_status)")
                    .expressionAttributeNames(Map.of("#expires", "expires_at"))
                    .expressionAttributeValues(Map.of(":now", n(checkedAt), ":rank", n(rank), ":day", n(86_400)))
                    .returnValues("UPDATED_NEW")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return log("touch job#" + id + ": updated " + new TreeMap<>(answer.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return log("touch job#" + id + ": unchanged, old item " + (e.hasItem() ? "status " + e.item().get("status").s() : "absent"));
        }
    }

    /** Closes a job GitHub no longer knows: conclusion unknown, the sparse index attribute removed. */
    String close(long id) {
        var answer = dynamoDb.updateItem(request -> request.tableName(table)
                .key(Map.of("pk", s("job#" + id)))
                .updateExpression("SET #status = :completed, status_rank = :three, conclusion = :unknown REMOVE open_status")
                .conditionExpression("attribute_exists(pk) AND (status_rank < :three OR #status <> :completed)")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":completed", s("completed"), ":three", n(3), ":unknown", s("unknown")))
                .returnValues("ALL_OLD"));
        return log("close job#" + id + ": was " + answer.attributes().get("status").s());
    }

    /** The open jobs of {@code status} checked before {@code before}, {@code pageSize} a page, every page. */
    String staleJobs(String status, long before, int pageSize) {
        List<String> jobs = new ArrayList<>();
        List<Integer> pages = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamoDb.query(request -> request.tableName(table).indexName(INDEX)
                    .keyConditionExpression("open_status = :status AND checked_at < :before")
                    .filterExpression("job_id > :zero")
                    .expressionAttributeValues(Map.of(":status", s(status), ":before", n(before), ":zero", n(0)))
                    .limit(pageSize)
                    .exclusiveStartKey(from));
            page.items().forEach(item -> jobs.add(item.get("pk").s()));
            pages.add(page.count());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        // The page count is not compared: where the last page stops differs between DynamoDB's rule and moto's.
        return log("stale " + status + " before " + before + ": " + jobs);
    }

    String newestFirst(String status) {
        var page = dynamoDb.query(request -> request.tableName(table).indexName(INDEX)
                .keyConditionExpression("open_status = :status")
                .expressionAttributeValues(Map.of(":status", s(status)))
                .scanIndexForward(false));
        return log("newest first " + status + ": " + page.items().stream().map(item -> item.get("pk").s()).toList());
    }

    String get(long id) {
        var answer = dynamoDb.getItem(request -> request.tableName(table).key(Map.of("pk", s("job#" + id))).consistentRead(true));
        return log("get job#" + id + ": " + (answer.hasItem() && !answer.item().isEmpty()
                ? answer.item().get("status").s() + " rank " + answer.item().get("status_rank").n() : "absent"));
    }

    /** An error DynamoDB answers, as its code and HTTP status. */
    String refused(String what, Runnable call) {
        try {
            call.run();
            return log(what + ": accepted");
        } catch (DynamoDbException e) {
            return log(what + ": " + e.awsErrorDetails().errorCode() + " " + e.statusCode());
        }
    }

    /** Every item of the table, by key, as text. */
    Map<String, String> items() {
        Map<String, String> items = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamoDb.scan(request -> request.tableName(table).exclusiveStartKey(from).limit(3));
            page.items().forEach(item -> items.put(item.get("pk").s(), new TreeMap<>(item).toString()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** The whole story: writes in and out of order, duplicates, touches, a close, the index's queries, refusals. */
    void playAll() {
        createTable();
        record(job(1, "queued", 100, "d-1"));
        record(job(1, "queued", 100, "d-1"));
        record(job(1, "completed", 160, "d-3"));
        record(job(1, "in_progress", 130, "d-2"));
        record(job(2, "in_progress", 110, "d-5"));
        record(job(2, "queued", 105, "d-4"));
        record(job(3, "waiting", 90, "d-6"));
        record(job(3, "queued", 120, "d-7"));
        for (long id = 10; id < 17; id++) {
            record(job(id, "queued", 200 + id, "d-" + id));
        }
        touch(3, 1, 300);
        touch(2, 1, 300);
        touch(1, 3, 300);
        touch(99, 1, 300);
        staleJobs("queued", 214, 2);
        staleJobs("queued", 1_000, 3);
        staleJobs("in_progress", 1_000, 1);
        staleJobs("waiting", 1_000, 5);
        newestFirst("queued");
        close(12);
        staleJobs("queued", 1_000, 4);
        get(1);
        get(12);
        get(98);
        refused("put into a missing table", () -> dynamoDb.putItem(request -> request.tableName("no-such-table").item(job(1, "queued", 1, "x"))));
        refused("unused value", () -> dynamoDb.putItem(request -> request.tableName(table).item(job(20, "queued", 1, "x"))
                .conditionExpression("attribute_not_exists(pk)").expressionAttributeValues(Map.of(":unused", n(1)))));
        refused("undefined value", () -> dynamoDb.putItem(request -> request.tableName(table).item(job(21, "queued", 1, "x"))
                .conditionExpression("status_rank < :rank")));
        refused("update of the key", () -> dynamoDb.updateItem(request -> request.tableName(table).key(Map.of("pk", s("job#1")))
                .updateExpression("SET pk = :other").expressionAttributeValues(Map.of(":other", s("job#2")))));
        refused("item without its key", () -> dynamoDb.putItem(request -> request.tableName(table).item(Map.of("job_id", n(5)))));
        refused("index key of the wrong type", () -> dynamoDb.putItem(request -> request.tableName(table)
                .item(Map.of("pk", s("job#22"), "open_status", n(1)))));
        refused("query without the hash key", () -> dynamoDb.query(request -> request.tableName(table).indexName(INDEX)
                .keyConditionExpression("checked_at < :before").expressionAttributeValues(Map.of(":before", n(5)))));
        refused("table created twice", this::createTable);
    }

    private String log(String outcome) {
        outcomes.add(outcome);
        return outcome;
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
