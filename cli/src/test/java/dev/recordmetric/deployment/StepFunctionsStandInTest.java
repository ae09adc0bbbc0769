package dev.recordmetric.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.local.LocalEngine;
import dev.recordmetric.local.StateMachineFiles;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Step Functions calls moto 5.2.1 cannot answer; the validation is the project's own (asl-validator). */
class StepFunctionsStandInTest {

    private static LocalEngine engine;
    private static StepFunctionsStandIn standIn;

    @BeforeAll
    static void start() {
        engine = LocalEngine.start(LocalEngine.Options.of(URI.create("http://127.0.0.1:9"), "us-west-2"));
        standIn = new StepFunctionsStandIn(engine::validate);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static AwsProxy.Request call(String operation, JsonNode parameters) throws Exception {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", List.of("application/x-amz-json-1.0"));
        headers.put("X-Amz-Target", List.of("AWSStepFunctions." + operation));
        return new AwsProxy.Request("POST", "/", null, headers, Json.MAPPER.writeValueAsBytes(parameters));
    }

    private static JsonNode validate(String definition) throws Exception {
        return standIn.answer(call("ValidateStateMachineDefinition", Json.MAPPER.createObjectNode().put("definition", definition)))
                .orElseThrow().json().orElseThrow();
    }

    @Test
    void validate_theDeployedDefinition_isOk() throws Exception {
        String definition = StateMachineFiles.locate().definitionTemplate()
                .replace("${GetTokenFunctionArn}", "arn:aws:lambda:us-west-2:123456789012:function:get-token")
                .replace("${ListRunnersFunctionArn}", "arn:aws:lambda:us-west-2:123456789012:function:list-runners")
                .replace("${MetricNamespace}", "GitHubRunners").replace("${AsgName}", "github-runners").replace("${Partition}", "aws");

        JsonNode answer = validate(definition);

        assertThat(answer.path("result").asText()).isEqualTo("OK");
        assertThat(answer.path("diagnostics")).isEmpty();
    }

    @Test
    void validate_aDefinitionWhoseNextNamesNoState_failsWithTheValidatorsDiagnostics() throws Exception {
        JsonNode answer = validate("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"Nowhere\"}}}");

        assertThat(answer.path("result").asText()).isEqualTo("FAIL");
        assertThat(answer.path("diagnostics")).isNotEmpty().allSatisfy(d -> {
            assertThat(d.path("severity").asText()).isEqualTo("ERROR");
            assertThat(d.path("message").asText()).isNotBlank();
        });
        assertThat(answer.path("diagnostics").toString()).contains("Nowhere");
    }

    @Test
    void listStateMachineVersions_isAnsweredWithNone() throws Exception {
        JsonNode answer = standIn.answer(call("ListStateMachineVersions", Json.MAPPER.createObjectNode().put("stateMachineArn", "arn")))
                .orElseThrow().json().orElseThrow();

        assertThat(answer.path("stateMachineVersions").isArray()).isTrue();
        assertThat(answer.path("stateMachineVersions")).isEmpty();
    }

    @Test
    void startExecution_withoutAName_isNamedWithAUuid_withANameIsLeftAlone() throws Exception {
        AwsProxy.Request unnamed = standIn.rewrite(call("StartExecution", Json.MAPPER.createObjectNode().put("stateMachineArn", "arn")));
        AwsProxy.Request named = standIn.rewrite(call("StartExecution",
                Json.MAPPER.createObjectNode().put("stateMachineArn", "arn").put("name", "mine")));

        assertThat(unnamed.json().orElseThrow().path("name").asText())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(named.json().orElseThrow().path("name").asText()).isEqualTo("mine");
        assertThat(standIn.answer(call("StartExecution", Json.MAPPER.createObjectNode()))).as("forwarded to moto").isEmpty();
    }
}
