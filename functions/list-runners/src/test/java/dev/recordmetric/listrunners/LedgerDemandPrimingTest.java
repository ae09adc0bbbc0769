package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.recordmetric.common.AwsClients;
import dev.recordmetric.common.Environment;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lambda's constructor primes the ledger's reads on an offline client: no network, and no failure. */
class LedgerDemandPrimingTest {

    @Test
    void prime_runsTheQueryAndTheCursorReadOnTheOfflineClient() {
        Environment env = new Environment(Map.of("AWS_REGION", "eu-west-1"));
        try (DynamoDbClient offline = AwsClients.offline(DynamoDbClient.builder(), env, "{}")) {
            assertThatCode(() -> LedgerDemand.prime(offline)).doesNotThrowAnyException();
        }
    }
}
