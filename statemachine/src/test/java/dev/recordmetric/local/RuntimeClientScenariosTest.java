package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.fakes.FakeRunner;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Workflow runs that only the Lambda runtime client can produce: a function whose constructor fails
 * (an init error, which an in-process handler cannot have), and both functions started as SnapStart
 * starts them, with container credentials.
 */
class RuntimeClientScenariosTest {

    private static final String LABEL = "installation_id:abc";
    private static final String PAT = "ghp_runtimeClientScenario0123456789abcdEF";
    private static LocalWorkflow workflow;
    private FakeBackends backends;

    @BeforeAll
    static void startEngine() {
        workflow = ScenarioEngine.builder().start();
    }

    @AfterAll
    static void stopEngine() {
        workflow.close();
    }

    @AfterEach
    void stopFakes() {
        backends.close();
    }

    @Test
    void getTokenInitError_missingVariable_failsTheRunWithTheConstructorsNamedError() {
        backends = FakeBackends.start("acme", "abc").usePat(PAT);
        workflow.useFunctions(backends.getTokenPackage().withVariable("GITHUB_CREDENTIALS_TYPE", null), backends.listRunnersPackage());

        LocalWorkflow.Run run = workflow.run(ScenarioEngine.NO_RETRY_WAITS);

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.result().statesEntered()).containsExactly("StartRun", "GetToken", "GetTokenFailed");
        assertThat(run.result().error()).isEqualTo("dev.recordmetric.errors.InvalidConfigurationException");
        assertThat(run.result().cause()).contains("Environment variable GITHUB_CREDENTIALS_TYPE is not set");
        assertThat(run.result().eventsOfType("StateRetried")).as("a configuration error is not retried").isEmpty();
        assertThat(run.invocations()).singleElement().satisfies(i ->
                assertThat(i.functionError()).isEqualTo("dev.recordmetric.errors.InvalidConfigurationException"));
        assertThat(run.datapoints()).isEmpty();
        assertThat(backends.github().requestCount("/orgs/acme/actions/runners")).isZero();
        assertThat(run.invocations().stream().flatMap(i -> i.consoleLines().stream())).noneMatch(line -> line.contains(PAT));
    }

    @Test
    void snapStart_bothFunctionsWithContainerCredentials_publishTheCount() {
        backends = FakeBackends.start("acme", "abc").usePat(PAT);
        backends.organization().setRunners(List.of(
                FakeRunner.busy(1, "r-1", LABEL), FakeRunner.idle(2, "r-2", LABEL), FakeRunner.idle(3, "r-3", LABEL)));
        workflow.useFunctions(backends.getTokenPackage().withSnapStart(true), backends.listRunnersPackage().withSnapStart(true));

        LocalWorkflow.Run run = workflow.run(ScenarioEngine.NO_RETRY_WAITS);

        assertThat(run.status()).as("%s: %s", run.result().error(), run.result().cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.datapoints()).filteredOn(d -> d.metricName().equals("BusyRunners") || d.metricName().equals("IdleRunners"))
                .extracting(CloudWatchPutMetricData.Datapoint::value).containsExactly(1.0, 2.0);
        for (String function : List.of(LocalWorkflow.GET_TOKEN_FUNCTION, LocalWorkflow.LIST_RUNNERS_FUNCTION)) {
            RuntimeClientFunction served = workflow.endpoint().runtimeClientFunction(function);
            assertThat(served.environments().getFirst().restoreRequestedAt()).as(function).isNotNull();
            assertThat(served.containerCredentials().fetches()).as(function).isNotEmpty()
                    .allSatisfy(fetch -> assertThat(fetch.authorized()).isTrue());
        }
    }
}
