package dev.recordmetric.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the tool. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
