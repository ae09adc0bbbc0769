package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recordmetric.errors.MalformedResponseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RunnerPageTest {

    private static final String LABEL = "installation_id:abc";

    @Test
    void parse_keepsOnlyRunnersWithTheLabel_comparingCaseInsensitively() throws IOException {
        String body = """
                {"total_count": 3, "runners": [
                  {"id": 1, "name": "a", "os": "linux", "status": "online", "busy": true,
                   "labels": [{"id": 1, "name": "self-hosted", "type": "read-only"}, {"id": 2, "name": "INSTALLATION_ID:ABC", "type": "custom"}]},
                  {"id": 2, "name": "b", "status": "online", "busy": false, "labels": [{"name": "installation_id:abcd"}]},
                  {"id": 3, "name": "c", "status": "offline", "busy": false, "labels": [{"name": "installation_id:abc"}], "extra": {"nested": [1, 2]}}
                ]}""";

        RunnerPage page = parse(body);

        assertThat(page.totalCount()).isEqualTo(3);
        assertThat(page.runnersOnPage()).isEqualTo(3);
        assertThat(page.labelled()).containsExactly(
                new Runner(1, "a", true, true, 0, java.util.List.of("self-hosted", "installation_id:abc")),
                new Runner(3, "c", false, false, 0, java.util.List.of("installation_id:abc")));
    }

    @Test
    void parse_withPools_keepsARunnerOncePerPoolWhoseLabelItCarries() throws IOException {
        String body = """
                {"total_count": 3, "runners": [
                  {"id": 1, "name": "a", "status": "online", "busy": true, "labels": [{"name": "installation_id:large"}]},
                  {"id": 2, "name": "b", "status": "online", "busy": false,
                   "labels": [{"name": "installation_id:small"}, {"name": "Installation_Id:Large"}, {"name": "installation_id:small"}]},
                  {"id": 3, "name": "c", "status": "offline", "busy": false, "labels": [{"name": "installation_id:gpu"}]}
                ]}""";

        RunnerPage page = RunnerPage.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                RunnerPage.labelIndex(java.util.List.of("installation_id:small", "installation_id:large")));

        var large = java.util.List.of("installation_id:large");
        var both = java.util.List.of("installation_id:small", "installation_id:large");
        assertThat(page.labelled()).containsExactly(new Runner(1, "a", true, true, 1, large),
                new Runner(2, "b", true, false, 0, both), new Runner(2, "b", true, false, 1, both));
        assertThat(page.runnersOnPage()).isEqualTo(3);
    }

    @Test
    void parse_whenTruncated_isMalformed() {
        assertThatThrownBy(() -> parse("{\"total_count\": 3, \"runners\": [{\"id\": 1, \"na"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void parse_whenTotalCountMissing_isMalformed() {
        assertThatThrownBy(() -> parse("{\"runners\": []}"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("total_count is missing");
    }

    @Test
    void parse_whenLabelledRunnerLacksBusy_isMalformed() {
        assertThatThrownBy(() -> parse("{\"total_count\": 1, \"runners\": [{\"id\": 1, \"name\": \"a\","
                + " \"status\": \"online\", \"labels\": [{\"name\": \"installation_id:abc\"}]}]}"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("lacks");
    }

    private static RunnerPage parse(String body) throws IOException {
        return RunnerPage.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), LABEL);
    }
}
