package dev.recordmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one line on stderr saying what is wrong and what to do, exit status 2, no stack trace, no secret. */
class BadInputTest {

    private static final String TOKEN = "ghp_badInputSecret0123456789abcdefABCDEF";

    @TempDir Path dir;

    private static void assertOneLine(Cli.Result result, String... expected) {
        assertThat(result.exit()).isEqualTo(RecordMetric.BAD_INPUT);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err()).startsWith("record-metric: ").contains(expected)
                .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain(TOKEN);
    }

    @Test
    void unknownFlag() {
        assertOneLine(Cli.run(Map.of(), "run", "--frobnicate"), "Unknown option: '--frobnicate'", "'record-metric run --help'");
    }

    @Test
    void unknownCommand() {
        assertOneLine(Cli.run(Map.of(), "deploy"), "Unmatched argument", "'record-metric --help'");
    }

    @Test
    void badDuration() {
        assertOneLine(Cli.run(Map.of(), "run", "--every", "soon"), "'soon' is not a duration", "60s");
    }

    @Test
    void missingToken() {
        assertOneLine(Cli.run(Map.of(), "doctor", "--org", "acme", "--installation-id", "abc"),
                "no GitHub token", "GITHUB_TOKEN is not set", "--app-id with --pem-file");
    }

    @Test
    void missingInstallationId() {
        assertOneLine(Cli.run(Map.of("GITHUB_TOKEN", TOKEN), "run", "--org", "acme"), "--installation-id is missing");
    }

    @Test
    void unreadablePem() {
        assertOneLine(Cli.run(Map.of(), "doctor", "--org", "acme", "--installation-id", "abc", "--app-id", "1", "--pem-file",
                dir.resolve("missing.pem").toString()), "cannot read the PEM file", "no such file");
    }

    @Test
    void malformedPem() throws IOException {
        Path pem = dir.resolve("key.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----\n");
        assertOneLine(Cli.run(Map.of(), "run", "--org", "acme", "--installation-id", "abc", "--app-id", "1", "--pem-file",
                pem.toString()), "holds a public key", "the .pem file GitHub generated");
    }

    @Test
    void damagedPem() throws IOException {
        Path pem = dir.resolve("key.pem");
        Files.writeString(pem, "-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----\n");
        assertOneLine(Cli.run(Map.of(), "doctor", "--org", "acme", "--installation-id", "abc", "--app-id", "1", "--pem-file",
                pem.toString()), "holds a damaged key");
    }

    @Test
    void unreachableApiUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        assertOneLine(Cli.run(Map.of("GITHUB_TOKEN", TOKEN), "doctor", "--org", "acme", "--installation-id", "abc",
                "--github-api-url", url), "cannot reach the GitHub API at " + url, "check --github-api-url");
        assertOneLine(Cli.run(Map.of("GITHUB_TOKEN", TOKEN), "run", "--org", "acme", "--installation-id", "abc",
                "--github-api-url", url), "cannot reach the GitHub API");
    }

    @Test
    void notAStateMachineArn() {
        assertOneLine(Cli.run(Map.of(), "executions", "--state-machine-arn", "record-metric"), "is not a state machine ARN");
    }
}
