package dev.recordmetric.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonStreamsTest {

    private static final String EVERY_KIND = "{\"text\":\"a \\\"quoted\\\" é\\n\",\"int\":7,\"long\":12345678901,"
            + "\"big\":123456789012345678901234567890,\"double\":1.5,\"yes\":true,\"no\":false,\"nothing\":null,"
            + "\"names\":[\"r-1\",\"r-2\"],\"nested\":{\"count\":0,\"names\":[]},\"arrays\":[[1],[{}]]}";

    @Test
    void readTree_givesWhatTheMapperGives() throws IOException {
        JsonNode read = JsonStreams.readTree(stream(EVERY_KIND));

        assertThat(read).isEqualTo(Json.MAPPER.readTree(EVERY_KIND));
        assertThat(read.path("big").bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
    }

    @Test
    void write_isByteForByteWhatTheMapperWrites() throws IOException {
        JsonNode tree = Json.MAPPER.readTree(EVERY_KIND);
        var out = new ByteArrayOutputStream();

        JsonStreams.write(tree, out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(Json.MAPPER.writeValueAsString(tree));
        assertThat(JsonStreams.writeString(tree)).isEqualTo(Json.MAPPER.writeValueAsString(tree));
    }

    @Test
    void write_ofABuiltObject_keepsFieldOrder() {
        ObjectNode node = JsonStreams.objectNode().put("b", 1).put("a", "x").putNull("c");
        node.putArray("d").add(true);

        assertThat(JsonStreams.writeString(node)).isEqualTo("{\"b\":1,\"a\":\"x\",\"c\":null,\"d\":[true]}");
    }

    @Test
    void readTree_whenInputIsEmpty_returnsNull() throws IOException {
        assertThat(JsonStreams.readTree(stream(""))).isNull();
        assertThat(JsonStreams.readTree(stream("  \n"))).isNull();
    }

    @Test
    void readTree_whenInputIsNotJson_throwsJsonProcessingException() {
        assertThatThrownBy(() -> JsonStreams.readTree(stream("{\"a\": ")))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonStreams.readTree(stream("not json")))
                .isInstanceOf(JsonProcessingException.class);
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
