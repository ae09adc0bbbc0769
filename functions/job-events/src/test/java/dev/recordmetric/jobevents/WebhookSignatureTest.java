package dev.recordmetric.jobevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.jobevents.WebhookSignature.Verdict;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The example of GitHub's "Validating webhook deliveries" ("Testing the webhook payload validation"). */
    private static final byte[] DOCS_SECRET = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DOCS_PAYLOAD = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String DOCS_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void sign_matchesGitHubsDocumentedExample() {
        assertThat(WebhookSignature.sign(DOCS_SECRET, DOCS_PAYLOAD)).isEqualTo(DOCS_SIGNATURE);
    }

    @Test
    void verify_acceptsTheDocumentedSignature_inEitherCase() {
        assertThat(WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, DOCS_SIGNATURE)).isEqualTo(Verdict.VALID);
        assertThat(WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, DOCS_SIGNATURE.toUpperCase().replace("SHA256=", "sha256=")))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    void verify_refusesEverythingElse() {
        assertThat(WebhookSignature.verify(DOCS_SECRET, "Hello, World?".getBytes(StandardCharsets.UTF_8), DOCS_SIGNATURE))
                .isEqualTo(Verdict.MISMATCH);
        assertThat(WebhookSignature.verify("another".getBytes(StandardCharsets.UTF_8), DOCS_PAYLOAD, DOCS_SIGNATURE))
                .isEqualTo(Verdict.MISMATCH);
        assertThat(WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, null)).isEqualTo(Verdict.MISSING);
        assertThat(WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, "")).isEqualTo(Verdict.MISSING);
        assertThat(WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, DOCS_SIGNATURE.substring("sha256=".length())))
                .isEqualTo(Verdict.MALFORMED);
        assertThat(WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, "sha1=0a4d55a8d778e5022fab701977c5d840bbc486d0"))
                .isEqualTo(Verdict.MALFORMED);
        assertThat(WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, DOCS_SIGNATURE + "00")).isEqualTo(Verdict.MALFORMED);
    }
}
