package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The fake against the most independent DynamoDB here, moto (DynamoDB Local's licence rules it out):
 * the ledger's scenarios give the same outcomes, step by step, and the same items on both. What
 * {@link FakeDynamoDbTest} expects is then not only our belief.
 *
 * <p>Where moto 5.2.1 answers otherwise than DynamoDB, the fake answers as DynamoDB, and the
 * difference is named here with its source; the test fails if moto's answer changes (then delete the
 * deviation).
 */
class FakeDynamoDbParityTest {

    /** Step → what moto 5.2.1 answers (DynamoDB's answer, the fake's, is in {@link FakeDynamoDbTest}). */
    private static final Map<String, String> MOTO_DEVIATIONS = Map.of(
            // DynamoDB refuses values no expression uses, on every operation; moto checks only UpdateItem and
            // Query (getmoto/moto#8474; measured against AWS in floci-io/floci#2893).
            "unused value", "unused value: accepted",
            // An undefined :placeholder is a ValidationException in DynamoDB ("An expression attribute value used
            // in expression is not defined"); moto fails with an internal error.
            "undefined value", "undefined value: null 500",
            // DynamoDB refuses an item whose index key attribute has another type than the index's key schema
            // ("Type mismatch for Index Key"; Developer Guide, "Detecting and correcting index key violations");
            // moto stores it.
            "index key of the wrong type", "index key of the wrong type: accepted");

    /** The items moto wrote in the deviating steps: "unused value" (job#20), "index key of the wrong type" (job#22). */
    private static final List<String> ITEMS_OF_DEVIATIONS = List.of("job#20", "job#22");

    @Test
    void ledgerScenarios_onMotoAndOnTheFake_giveTheSameOutcomesAndItems() {
        String table = "parity-" + UUID.randomUUID();
        var onMoto = new LedgerTableScenarios(MotoProcess.shared().client(DynamoDbClient.builder()), table);
        onMoto.playAll();

        try (FakeAws aws = FakeAws.start(); DynamoDbClient client = FakeDynamoDbTest.client(aws.endpoint(), aws.credentials())) {
            var onFake = new LedgerTableScenarios(client, table);
            onFake.playAll();

            assertThat(withoutDeviations(onFake.outcomes())).containsExactlyElementsOf(withoutDeviations(onMoto.outcomes()));
            assertThat(onMoto.outcomes()).containsAll(MOTO_DEVIATIONS.values());
            Map<String, String> motoItems = new java.util.TreeMap<>(onMoto.items());
            // what moto stored of the requests it should have refused (job#21's write failed on moto too)
            assertThat(motoItems).containsKeys(ITEMS_OF_DEVIATIONS.toArray(String[]::new));
            motoItems.keySet().removeAll(ITEMS_OF_DEVIATIONS);
            assertThat(onFake.items()).containsExactlyEntriesOf(motoItems);
            assertThat(onFake.items()).hasSize(10);
        }
        assertThat(onMoto.outcomes()).hasSize(39);
    }

    private static List<String> withoutDeviations(List<String> outcomes) {
        return outcomes.stream().filter(line -> MOTO_DEVIATIONS.keySet().stream().noneMatch(step -> line.startsWith(step + ":"))).toList();
    }
}
