package dev.recordmetric.jobevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * What the ledger's tests rely on moto for: a conditional write is atomic, as DynamoDB documents
 * ("Condition expressions"): of many concurrent {@code attribute_not_exists(pk)} puts of one item,
 * exactly one succeeds. moto 5.2.1's threaded server breaks this (MotoProcess's launcher fixes it).
 */
class MotoConditionalWritesTest {

    @Test
    void concurrentCreatesOfOneItem_exactlyOneSucceeds() throws Exception {
        String table = LedgerTables.create();
        int writers = 32;
        List<Integer> successes = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(writers)) {
            for (int key = 0; key < 200; key++) {
                CyclicBarrier start = new CyclicBarrier(writers);
                String pk = "job#" + key;
                List<Future<Boolean>> puts = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    puts.add(threads.submit(() -> {
                        start.await();
                        try {
                            LedgerTables.dynamoDb().putItem(b -> b.tableName(table)
                                    .item(Map.of("pk", AttributeValue.fromS(pk), "writer", AttributeValue.fromN(Integer.toString(writer))))
                                    .conditionExpression("attribute_not_exists(pk)"));
                            return true;
                        } catch (ConditionalCheckFailedException taken) {
                            return false;
                        }
                    }));
                }
                int succeeded = 0;
                for (Future<Boolean> put : puts) {
                    succeeded += put.get() ? 1 : 0;
                }
                successes.add(succeeded);
            }
        }
        assertThat(successes).as("successful creates per item").containsOnly(1);
    }
}
