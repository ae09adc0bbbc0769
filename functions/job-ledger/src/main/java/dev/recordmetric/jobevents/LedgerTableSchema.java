package dev.recordmetric.jobevents;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/**
 * The ledger table's schema, in one place: its key, the attributes it indexes, the {@code open-jobs}
 * and {@code job-starts} indexes and its TTL attribute (the module's README, "The ledger table"). Terraform's
 * {@code aws_dynamodb_table} must declare the same; tests and the local run create the table with
 * {@link #create}.
 */
public final class LedgerTableSchema {

    public static final String PK = "pk";
    public static final String JOB_KEY_PREFIX = "job#";
    public static final String OPEN_JOBS_INDEX = "open-jobs";
    public static final String OPEN_STATUS = "open_status";
    public static final String CHECKED_AT = "checked_at";
    /** The sparse index of starts: every job whose {@code started_at} is known, by its hour. */
    public static final String JOB_STARTS_INDEX = "job-starts";
    /** {@code started_at} truncated to the hour in UTC, {@code 2026-12-07T17}: the {@code job-starts} partition. */
    public static final String STARTED_HOUR = "started_hour";
    public static final String EXPIRES_AT = "expires_at";

    /** Every other attribute of a job item. */
    public static final String JOB_ID = "job_id";
    public static final String RUN_ID = "run_id";
    public static final String RUN_ATTEMPT = "run_attempt";
    public static final String REPOSITORY = "repository";
    public static final String WORKFLOW_NAME = "workflow_name";
    public static final String JOB_NAME = "job_name";
    public static final String HEAD_BRANCH = "head_branch";
    public static final String LABELS = "labels";
    public static final String STATUS = "status";
    public static final String STATUS_RANK = "status_rank";
    public static final String CONCLUSION = "conclusion";
    public static final String CREATED_AT = "created_at";
    public static final String STARTED_AT = "started_at";
    public static final String COMPLETED_AT = "completed_at";
    public static final String RUNNER_ID = "runner_id";
    public static final String RUNNER_NAME = "runner_name";
    public static final String RUNNER_GROUP_ID = "runner_group_id";
    public static final String RUNNER_GROUP_NAME = "runner_group_name";
    public static final String INSTALLATION_ID = "installation_id";
    public static final String LAST_DELIVERY = "last_delivery";
    public static final String LAST_ACTION = "last_action";
    public static final String RECORDED_AT = "recorded_at";
    public static final String ETAG = "etag";

    private LedgerTableSchema() {
    }

    /** {@code job#<id>}, the item key of a job. */
    public static String jobKey(long jobId) {
        return JOB_KEY_PREFIX + jobId;
    }

    /** The table as Terraform declares it: on demand, encrypted, key {@code pk}, indexes {@code open-jobs} and {@code job-starts}. */
    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .sseSpecification(SSESpecification.builder().enabled(true).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(OPEN_STATUS).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(CHECKED_AT).attributeType(ScalarAttributeType.N).build(),
                        AttributeDefinition.builder().attributeName(STARTED_HOUR).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(STARTED_AT).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(OPEN_JOBS_INDEX)
                        .keySchema(List.of(
                                KeySchemaElement.builder().attributeName(OPEN_STATUS).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(CHECKED_AT).keyType(KeyType.RANGE).build()))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build(),
                        // Sparse: only items with started_hour (a known started_at). GitHub's ISO-8601 UTC
                        // timestamps (…Z) order as strings, so started_at is the range key as sent.
                        GlobalSecondaryIndex.builder()
                        .indexName(JOB_STARTS_INDEX)
                        .keySchema(List.of(
                                KeySchemaElement.builder().attributeName(STARTED_HOUR).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(STARTED_AT).keyType(KeyType.RANGE).build()))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .build();
    }

    /** Creates the table, waits until it is active and turns its TTL on: for tests and the local run. */
    public static void create(DynamoDbClient dynamoDb, String tableName) {
        dynamoDb.createTable(createTableRequest(tableName));
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        dynamoDb.updateTimeToLive(b -> b.tableName(tableName)
                .timeToLiveSpecification(TimeToLiveSpecification.builder().attributeName(EXPIRES_AT).enabled(true).build()));
    }
}
