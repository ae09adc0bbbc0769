package dev.recordmetric.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.recordmetric.fakes.FakeAws;
import java.time.Duration;

/**
 * What the scenario test classes share: one engine per class, in the fakes' region and account,
 * into which each test puts its own functions ({@link FakeBackends#useIn}).
 */
final class ScenarioEngine {

    /** The definition's retries without their waits: the scenarios count retries, they do not time them. */
    static final Overrides NO_RETRY_WAITS =
            Overrides.retryIntervals(Duration.ZERO, "GetToken", "ListRunners", "PutMetricData");

    /** Stands for a function until a test's backends put theirs in. */
    static final RequestStreamHandler UNSET = (in, out, context) -> {
        throw new IllegalStateException("no handler configured for this scenario");
    };

    private ScenarioEngine() {
    }

    /** A builder with the region, the account and no functions yet. */
    static LocalWorkflow.Builder builder() {
        return LocalWorkflow.builder().region(FakeAws.REGION).accountId(FakeAws.ACCOUNT).getToken(UNSET).listRunners(UNSET);
    }
}
