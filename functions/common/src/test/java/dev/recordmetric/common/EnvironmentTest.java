package dev.recordmetric.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recordmetric.errors.InvalidConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

    @Test
    void required_whenMissing_namesTheVariable() {
        assertThatThrownBy(() -> new Environment(Map.of()).required("GITHUB_ORG"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("GITHUB_ORG is not set");
    }

    @Test
    void organization_whenNotALogin_saysWhy() {
        var env = new Environment(Map.of("GITHUB_ORG", "my org/x"));

        assertThatThrownBy(env::organization).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("GITHUB_ORG is malformed");
    }

    @Test
    void githubApiUrl_defaultsToGitHubDotComAndDropsTrailingSlash() {
        assertThat(new Environment(Map.of()).githubApiUrl()).hasToString("https://api.github.com");
        assertThat(new Environment(Map.of("GITHUB_API_URL", "https://ghe.example.com/api/v3/")).githubApiUrl())
                .hasToString("https://ghe.example.com/api/v3");
    }

    @Test
    void githubApiUrl_whenNotHttp_isRejected() {
        var env = new Environment(Map.of("GITHUB_API_URL", "ftp://example.com"));

        assertThatThrownBy(env::githubApiUrl).hasMessageContaining("GITHUB_API_URL is malformed");
    }
}
