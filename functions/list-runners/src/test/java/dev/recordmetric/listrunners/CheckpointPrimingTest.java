package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.common.Environment;
import dev.recordmetric.fakes.FakeGitHub;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointPrimingTest {

    @Test
    void beforeCheckpoint_runsTheInvocationPathWithoutTheNetwork() throws Exception {
        try (FakeGitHub github = FakeGitHub.start()) {
            var config = ListRunnersConfig.from(new Environment(Map.of(
                    "GITHUB_ORG", "acme",
                    "GITHUB_API_URL", github.baseUrl(),
                    "TOKEN_KMS_KEY_ID", "arn:aws:kms:eu-west-1:123456789012:key/priming",
                    "RUNNER_INSTALLATION_ID", "abc")));
            CheckpointPriming priming = CheckpointPriming.register(config);

            priming.beforeCheckpoint(null);
            priming.afterRestore(null);

            assertThat(github.requests()).isEmpty();
        }
    }
}
