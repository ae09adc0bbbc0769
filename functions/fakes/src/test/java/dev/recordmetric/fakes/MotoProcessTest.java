package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MotoProcessTest {

    @Test
    void start_listensOnLoopback_untilClosed() {
        String endpoint;
        try (MotoProcess moto = MotoProcess.start()) {
            endpoint = moto.endpoint().toString();
            assertThat(endpoint).startsWith("http://127.0.0.1:");

            HttpResponse<String> reset = TestHttp.send(java.net.http.HttpRequest.newBuilder(moto.endpoint().resolve("/moto-api/reset"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
            assertThat(reset.statusCode()).isEqualTo(200);
        }
        assertThatThrownBy(() -> TestHttp.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint + "/moto-api/"))
                .GET().build())).as("stopped").isInstanceOf(RuntimeException.class);
    }

    @Test
    void start_withoutMoto_namesHowToInstallIt() {
        assertThatThrownBy(() -> MotoProcess.start("/nonexistent/python3"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/python3")
                .hasMessageContaining("python3 -m pip install \"moto[server]==5.2.1\"");
    }

    @Test
    void start_whenTheCommandExitsAtOnce_saysWhatItPrinted() {
        assertThatThrownBy(() -> MotoProcess.start("false"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not start")
                .hasMessageContaining("pip install");
    }
}
