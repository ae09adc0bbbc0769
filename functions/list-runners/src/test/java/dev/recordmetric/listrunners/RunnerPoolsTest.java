package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recordmetric.common.Environment;
import dev.recordmetric.errors.InvalidConfigurationException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunnerPoolsTest {

    @Test
    void from_runnerPools_readsEveryPoolInOrder() {
        var config = ListRunnersConfig.from(env(Map.of("RUNNER_POOLS", "{\"small\": \"s1\", \"gpu runners\": \"gpu-7\"}")));

        assertThat(config.pools()).containsExactly(new RunnerPool("small", "installation_id:s1"),
                new RunnerPool("gpu runners", "installation_id:gpu-7"));
        assertThat(config.poolsNamed()).isTrue();
        assertThat(config.runnerGroupId()).isEmpty();
    }

    @Test
    void from_installationIdAlone_isOnePoolWithoutAGroupName() {
        var config = ListRunnersConfig.from(env(Map.of("RUNNER_INSTALLATION_ID", "abc")));

        assertThat(config.pools()).containsExactly(new RunnerPool(null, "installation_id:abc"));
        assertThat(config.poolsNamed()).isFalse();
    }

    @Test
    void from_runnerGroupId_listsThatGroup() {
        var config = ListRunnersConfig.from(env(Map.of("RUNNER_INSTALLATION_ID", "abc", "RUNNER_GROUP_ID", "42")));

        assertThat(config.runnerGroupId()).isEqualTo(OptionalLong.of(42));
    }

    @Test
    void from_bothVariables_failsNamingBoth() {
        assertThatThrownBy(() -> ListRunnersConfig.from(env(Map.of("RUNNER_INSTALLATION_ID", "abc",
                "RUNNER_POOLS", "{\"a\": \"b\"}"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("RUNNER_POOLS").hasMessageContaining("RUNNER_INSTALLATION_ID").hasMessageContaining("both");
    }

    @Test
    void from_neitherVariable_failsNamingRunnerPoolsAndItsShape() {
        assertThatThrownBy(() -> ListRunnersConfig.from(env(Map.of())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("RUNNER_POOLS is not set").hasMessageContaining("{\"<Auto Scaling group>\": \"<installation id>\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                  | {"a": "b"                              | not JSON
            an array                  | [{"a": "b"}]                           | not a JSON object
            empty                     | {}                                     | lists no pool
            blank group name          | {"  ": "b"}                            | pool '  ' is not an Auto Scaling group name
            group name too long       | {"%256": "b"}                          | 1 to 255 characters
            control character         | {"a\\u0007b": "c"}                     | without control characters
            bad installation id       | {"a": "b c"}                           | cannot be part of a GitHub runner label
            installation id too long  | {"a": "%85"}                           | at most 84 characters
            number                    | {"a": 7}                               | pool a's installation id is not a string
            nested                    | {"a": {"installationId": "b"}}         | pool a's installation id is not a string
            a group twice             | {"a": "b", "a": "c"}                   | pool a is listed twice
            a label twice, any case   | {"a": "b", "c": "B"}                   | pools a and c both count installation_id:B
            trailing content          | {"a": "b"} {}                          | not a JSON object
            """)
    void from_malformedRunnerPools_failsAtStartNamingTheVariableAndTheProblem(String what, String json, String problem) {
        String value = json.replace("%256", "x".repeat(256)).replace("%85", "i".repeat(85));

        assertThatThrownBy(() -> ListRunnersConfig.from(env(Map.of("RUNNER_POOLS", value))))
                .as(what)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("RUNNER_POOLS")
                .hasMessageContaining(problem);
    }

    /** A CloudWatch dimension value is ASCII (CloudWatch API Reference, Dimension); all pools share one PutMetricData. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            umlaut, raw UTF-8            | läufer-gpu        | {"small": "s", "läufer-gpu": "g"}
            accent, JSON-escaped        | gpu-é             | {"small": "s", "gpu-\\u00e9": "g"}
            no-break space               | gpu\u00a0runners | {"small": "s", "gpu\\u00a0runners": "g"}
            emoji                        | 🚀                | {"small": "s", "🚀": "g"}
            """)
    void from_poolNameCloudWatchRefuses_failsAtStartNamingThePoolAndTheFix(String what, String name, String json) {
        assertThatThrownBy(() -> ListRunnersConfig.from(env(Map.of("RUNNER_POOLS", json))))
                .as(what)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("RUNNER_POOLS")
                .hasMessageContaining("pool '" + name + "'")
                .hasMessageContaining("ASCII")
                .hasMessageContaining("rename");
    }

    @Test
    void from_moreThanFiftyPools_failsSayingToSplitThem() {
        String pools = IntStream.rangeClosed(1, RunnerPools.MAX_POOLS + 1)
                .mapToObj(i -> "\"pool-" + i + "\": \"id-" + i + "\"")
                .collect(Collectors.joining(",", "{", "}"));

        assertThatThrownBy(() -> ListRunnersConfig.from(env(Map.of("RUNNER_POOLS", pools))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("RUNNER_POOLS").hasMessageContaining("51 pools").hasMessageContaining("split them");
    }

    @ParameterizedTest
    @CsvSource({"0", "-3", "large", "1.5"})
    void from_malformedRunnerGroupId_failsNamingIt(String value) {
        assertThatThrownBy(() -> ListRunnersConfig.from(env(Map.of("RUNNER_INSTALLATION_ID", "abc", "RUNNER_GROUP_ID", value))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("RUNNER_GROUP_ID").hasMessageContaining(value);
    }

    private static Environment env(Map<String, String> pools) {
        var env = new HashMap<String, String>(pools);
        env.put("GITHUB_ORG", "acme");
        env.put("TOKEN_KMS_KEY_ID", "arn:aws:kms:eu-west-1:123456789012:key/k");
        return new Environment(env);
    }
}
