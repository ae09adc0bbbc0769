package dev.recordmetric.fakes;

import static dev.recordmetric.fakes.LedgerTableScenarios.job;
import static dev.recordmetric.fakes.LedgerTableScenarios.n;
import static dev.recordmetric.fakes.LedgerTableScenarios.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** {@link FakeDynamoDb} through the real AWS SDK client, with the ledger's table and writes. */
class FakeDynamoDbTest {

    private FakeAws aws;
    private DynamoDbClient dynamoDb;

    static DynamoDbClient client(java.net.URI endpoint, AwsCredentials credentials) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @BeforeEach
    void start() {
        aws = FakeAws.start();
        dynamoDb = client(aws.endpoint(), aws.credentials());
    }

    @AfterEach
    void stop() {
        dynamoDb.close();
        aws.close();
    }

    @Test
    void ledgerScenarios_giveTheOutcomesOfTheWriteRuleAndTheIndex() {
        var scenarios = new LedgerTableScenarios(dynamoDb);
        scenarios.playAll();

        assertThat(scenarios.outcomes()).containsExactly(
                "table ACTIVE keys pk index open-jobs [open_status, checked_at]",
                "ttl expires_at",
                "record job#1 queued: recorded",
                "record job#1 queued: unchanged (ConditionalCheckFailedException, 400)",
                "record job#1 completed: recorded",
                "record job#1 in_progress: unchanged (ConditionalCheckFailedException, 400)",
                "record job#2 in_progress: recorded",
                "record job#2 queued: unchanged (ConditionalCheckFailedException, 400)",
                "record job#3 waiting: recorded",
                "record job#3 queued: recorded",
                "record job#10 queued: recorded",
                "record job#11 queued: recorded",
                "record job#12 queued: recorded",
                "record job#13 queued: recorded",
                "record job#14 queued: recorded",
                "record job#15 queued: recorded",
                "record job#16 queued: recorded",
                "touch job#3: updated {checked_at=AttributeValue(N=300), expires_at=AttributeValue(N=86700)}",
                "touch job#2: unchanged, old item status in_progress",
                "touch job#1: unchanged, old item status completed",
                "touch job#99: unchanged, old item absent",
                "stale queued before 214: [job#10, job#11, job#12, job#13]",
                "stale queued before 1000: [job#10, job#11, job#12, job#13, job#14, job#15, job#16, job#3]",
                "stale in_progress before 1000: [job#2]",
                "stale waiting before 1000: []",
                "newest first queued: [job#3, job#16, job#15, job#14, job#13, job#12, job#11, job#10]",
                "close job#12: was queued",
                "stale queued before 1000: [job#10, job#11, job#13, job#14, job#15, job#16, job#3]",
                "get job#1: completed rank 3",
                "get job#12: completed rank 3",
                "get job#98: absent",
                "put into a missing table: ResourceNotFoundException 400",
                "unused value: ValidationException 400",
                "undefined value: ValidationException 400",
                "update of the key: ValidationException 400",
                "item without its key: ValidationException 400",
                "index key of the wrong type: ValidationException 400",
                "query without the hash key: ValidationException 400",
                "table created twice: ResourceInUseException 400");
        Map<String, String> items = scenarios.items();
        assertThat(items.keySet()).containsExactly("job#1", "job#10", "job#11", "job#12", "job#13", "job#14", "job#15", "job#16",
                "job#2", "job#3");
        assertThat(items.get("job#1")).contains("status=AttributeValue(S=completed)", "last_delivery=AttributeValue(S=d-3)")
                .doesNotContain("open_status");
        assertThat(items.get("job#12")).contains("conclusion=AttributeValue(S=unknown)").doesNotContain("open_status");
        assertThat(items.get("job#3")).contains("open_status=AttributeValue(S=queued)", "checked_at=AttributeValue(N=300)");
        assertThat(aws.dynamoDb().items(LedgerTableScenarios.TABLE_NAME)).hasSize(10);
    }

    @Test
    void conditionalPuts_underConcurrency_keepTheHighestRank() throws Exception {
        var scenarios = new LedgerTableScenarios(dynamoDb);
        scenarios.createTable();
        String[] statuses = {"queued", "in_progress", "completed"};
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<String>> writes = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (int job = 0; job < 10; job++) {
                    for (String status : statuses) {
                        long id = job;
                        writes.add(pool.submit(() -> scenarios.record(job(id, status, 1, status))));
                    }
                }
            }
            long recorded = 0;
            for (Future<String> write : writes) {
                recorded += write.get().endsWith("recorded") ? 1 : 0;
            }
            // each job is recorded at most once per rank: between 1 and 3 times
            assertThat(recorded).isBetween(10L, 30L);
        } finally {
            pool.shutdownNow();
        }
        for (var item : aws.dynamoDb().items(LedgerTableScenarios.TABLE_NAME)) {
            assertThat(item.path("status").path("S").asText()).isEqualTo("completed");
        }
        assertThat(aws.dynamoDb().items(LedgerTableScenarios.TABLE_NAME)).hasSize(10);
    }

    @Test
    void conditionalCheckFailure_returnsTheOldItemWhenAsked_andTheErrorAsDynamoDbWritesIt() {
        new LedgerTableScenarios(dynamoDb).createTable();
        dynamoDb.putItem(request -> request.tableName(LedgerTableScenarios.TABLE_NAME).item(job(7, "completed", 5, "d")));

        assertThatThrownBy(() -> dynamoDb.putItem(request -> request.tableName(LedgerTableScenarios.TABLE_NAME).item(job(7, "queued", 6, "e"))
                .conditionExpression("attribute_not_exists(pk) OR status_rank < :rank")
                .expressionAttributeValues(Map.of(":rank", n(1)))
                .returnValuesOnConditionCheckFailure("ALL_OLD")))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException.class, e -> {
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
                    assertThat(e.item()).containsEntry("last_delivery", s("d"));
                });
    }

    @Test
    void expressions_betweenInNotSizeBeginsWithContainsAndArithmetic() {
        new LedgerTableScenarios(dynamoDb).createTable();
        String table = LedgerTableScenarios.TABLE_NAME;
        dynamoDb.putItem(request -> request.tableName(table).item(job(1, "queued", 50, "d-1")));

        assertThat(conditionHolds("checked_at BETWEEN :a AND :b", Map.of(":a", n(10), ":b", n(50)))).isTrue();
        assertThat(conditionHolds("checked_at BETWEEN :a AND :b", Map.of(":a", n(51), ":b", n(90)))).isFalse();
        assertThat(conditionHolds("#s IN (:a, :b)", Map.of(":a", s("waiting"), ":b", s("queued")))).isTrue();
        assertThat(conditionHolds("NOT #s = :a", Map.of(":a", s("queued")))).isFalse();
        assertThat(conditionHolds("size(labels) = :three", Map.of(":three", n(3)))).isTrue();
        assertThat(conditionHolds("begins_with(pk, :p) AND contains(labels, :l)", Map.of(":p", s("job#"), ":l", s("Linux")))).isTrue();
        assertThat(conditionHolds("contains(labels, :l)", Map.of(":l", s("linux")))).isFalse();
        assertThat(conditionHolds("attribute_type(checked_at, :n) OR missing_attribute = :x", Map.of(":n", s("N"), ":x", n(1)))).isTrue();
        assertThat(conditionHolds("checked_at < :text", Map.of(":text", s("9")))).as("a number is never below a string").isFalse();
        assertThat(conditionHolds("missing_attribute <> :x", Map.of(":x", n(1)))).isTrue();
        assertThat(conditionHolds("(#s = :a OR #s = :b) AND status_rank >= :one", Map.of(":a", s("x"), ":b", s("queued"), ":one", n(1))))
                .isTrue();

        var updated = dynamoDb.updateItem(request -> request.tableName(table).key(Map.of("pk", s("job#1")))
                .updateExpression("SET attempts = if_not_exists(attempts, :zero) + :one, labels = list_append(labels, :more)"
                        + " REMOVE runner_name ADD seen :one")
                .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":more", AttributeValue.fromL(List.of(s("gpu")))))
                .returnValues("ALL_NEW"));
        assertThat(updated.attributes()).containsEntry("attempts", n(1)).containsEntry("seen", n(1)).doesNotContainKey("runner_name");
        assertThat(updated.attributes().get("labels").l()).hasSize(4).last().isEqualTo(s("gpu"));

        assertThatThrownBy(() -> dynamoDb.updateItem(request -> request.tableName(table).key(Map.of("pk", s("job#1")))
                .updateExpression("SET a = :one SET b = :one").expressionAttributeValues(Map.of(":one", n(1)))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void unsignedRequests_areRefused() {
        try (DynamoDbClient stranger = client(aws.endpoint(), AwsBasicCredentials.create("AKIDGUESSED", "guessed"))) {
            assertThatThrownBy(() -> stranger.listTables())
                    .isInstanceOfSatisfying(DynamoDbException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
        assertThat(aws.dynamoDb().tableNames()).isEmpty();
    }

    private boolean conditionHolds(String condition, Map<String, AttributeValue> values) {
        try {
            dynamoDb.updateItem(request -> request.tableName(LedgerTableScenarios.TABLE_NAME).key(Map.of("pk", s("job#1")))
                    .updateExpression("SET probe = :probe")
                    .conditionExpression(condition)
                    .expressionAttributeNames(condition.contains("#s") ? Map.of("#s", "status") : null)
                    .expressionAttributeValues(withProbe(values)));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> withProbe(Map<String, AttributeValue> values) {
        var all = new java.util.HashMap<>(values);
        all.put(":probe", n(1));
        return all;
    }
}
