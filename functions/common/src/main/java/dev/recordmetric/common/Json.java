package dev.recordmetric.common;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/** The one JSON mapper, configured once, and its one variant. Thread-safe. */
public final class Json {

    /** Unknown fields are ignored: GitHub and AWS add fields to their answers. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * {@link #MAPPER}'s reader that also refuses anything after the first value: for the local
     * harness, which reads messages and documents it must take whole (the engine's protocol lines,
     * task parameters, a runtime's posted error document), where a second value is a fault to
     * report rather than to drop silently.
     */
    public static final ObjectReader STRICT = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }
}
