package dev.recordmetric.gettoken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.fakes.RecordingLambdaContext;
import io.jsonwebtoken.Jwts;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CheckpointPrimingTest {

    @Test
    void prime_signsWithAThrowawayKeyAndRendersOutput() throws Exception {
        // Given
        CheckpointPriming priming = CheckpointPriming.register();
        var output = new ByteArrayOutputStream();
        var context = new RecordingLambdaContext();

        // When
        CheckpointPriming.Signed signed = priming.prime(output, context.getLogger());
        CheckpointPriming.Signed again = priming.prime(OutputStream.nullOutputStream(), context.getLogger());

        // Then: a JWT that verifies with the throwaway key, a new key each time
        assertThat(Jwts.parser().verifyWith(signed.key()).build().parseSignedClaims(signed.jwt()).getPayload().getIssuer())
                .isEqualTo("priming");
        assertThat(again.key()).isNotEqualTo(signed.key());
        assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo("{\"sealedToken\":\"priming\",\"fromCache\":false}");
        assertThat(context.logLines().getFirst()).contains("\"function\":\"GetToken\"").contains("\"fromCache\":false");
    }
}
