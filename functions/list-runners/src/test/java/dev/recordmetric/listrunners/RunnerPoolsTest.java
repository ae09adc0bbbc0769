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
        var config = ListRunnersConfig.from(env(Map.of("RUNNER_POOLS",
                "[{\"asgName\": \"small\", \"installationId\": \"s1\"}, {\"installationId\": \"gpu-7\", \"asgName\": \"gpu runners\"}]")));

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
                "RUNNER_POOLS", "[{\"asgName\": \"a\", \"installationId\": \"b\"}]"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("RUNNER_POOLS").hasMessageContaining("RUNNER_INSTALLATION_ID").hasMessageContaining("both");
    }

    @Test
    void from_neitherVariable_failsNamingRunnerPoolsAndItsShape() {
        assertThatThrownBy(() -> ListRunnersConfig.from(env(Map.of())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("RUNNER_POOLS is not set").hasMessageContaining("asgName");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                  | [{"asgName": "a"                                                                    | not JSON
            an object                 | {"asgName": "a", "installationId": "b"}                                             | not a JSON array
            empty                     | []                                                                                  | lists no pool
            no group name             | [{"installationId": "b"}]                                                           | pool 1 needs an asgName
            blank group name          | [{"asgName": "  ", "installationId": "b"}]                                          | pool 1 needs an asgName
            group name too long       | [{"asgName": "%256", "installationId": "b"}]                                        | 1 to 255 characters
            no installation id        | [{"asgName": "a"}]                                                                  | pool 1 (a) needs an installationId
            bad installation id       | [{"asgName": "a", "installationId": "b c"}]                                         | cannot be part of a GitHub runner label
            number                    | [{"asgName": "a", "installationId": 7}]                                             | installationId is not a string
            unknown field             | [{"asgName": "a", "installationId": "b", "installation_id": "b"}]                   | unknown field 'installation_id'
            a field twice             | [{"asgName": "a", "asgName": "c", "installationId": "b"}]                           | gives asgName twice
            a group twice             | [{"asgName": "a", "installationId": "b"}, {"asgName": "a", "installationId": "c"}]  | pool a is listed twice
            a label twice, any case   | [{"asgName": "a", "installationId": "b"}, {"asgName": "c", "installationId": "B"}]  | pools a and c both count installation_id:B
            trailing content          | [{"asgName": "a", "installationId": "b"}] []                                        | not a JSON array
            """)
    void from_malformedRunnerPools_failsAtStartNamingTheVariableAndTheProblem(String what, String json, String problem) {
        String value = json.replace("%256", "x".repeat(256));

        assertThatThrownBy(() -> ListRunnersConfig.from(env(Map.of("RUNNER_POOLS", value))))
                .as(what)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("RUNNER_POOLS")
                .hasMessageContaining(problem);
    }

    @Test
    void from_moreThanFiftyPools_failsSayingToSplitThem() {
        String pools = IntStream.rangeClosed(1, RunnerPools.MAX_POOLS + 1)
                .mapToObj(i -> "{\"asgName\": \"pool-" + i + "\", \"installationId\": \"id-" + i + "\"}")
                .collect(Collectors.joining(",", "[", "]"));

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
