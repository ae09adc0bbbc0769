package dev.recordmetric.common;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recordmetric.errors.MalformedResponseException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class SameOriginTest {

    private static final URI API = URI.create("https://github.example.com/api/v3");

    @Test
    void require_sameSchemeHostAndPort_passes() {
        assertThatCode(() -> SameOrigin.require(API, URI.create("https://github.example.com/api/v3/orgs/a/actions/runners?page=2")))
                .doesNotThrowAnyException();
    }

    @Test
    void require_plainHttpOnTheSameHost_isRefused() {
        assertThatThrownBy(() -> SameOrigin.require(API, URI.create("http://github.example.com/api/v3/orgs/a?page=2")))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("refusing to send the token");
    }

    @Test
    void require_anotherHostOrPort_isRefused() {
        assertThatThrownBy(() -> SameOrigin.require(API, URI.create("https://evil.example.com/api/v3/orgs/a?page=2")))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("evil.example.com");
        assertThatThrownBy(() -> SameOrigin.require(API, URI.create("https://github.example.com:8443/api/v3/orgs/a?page=2")))
                .isInstanceOf(MalformedResponseException.class);
    }
}
