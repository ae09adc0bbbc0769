package dev.recordmetric.common;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.errors.RecordMetricException;
import java.nio.charset.StandardCharsets;

/**
 * One structured JSON line per invocation with what an operator needs. Callers add only
 * non-secret facts; nothing here ever receives a token.
 *
 * <p>The line goes to the runtime as bytes with its level ({@link LambdaLogger#log(byte[], LogLevel)}):
 * the Java runtime formats only text messages, so with either log format ({@code JSON} or
 * {@code Text}) the event CloudWatch stores is this JSON object itself and Logs Insights discovers
 * {@code organization}, {@code busy}, {@code rateLimitRemaining}... as fields. A text message would be
 * wrapped into the {@code message} string of the runtime's own JSON ({@code JsonLogFormatter}) or
 * prefixed with {@code [INFO]} ({@code TextLogFormatter}). AWS's log4j2 appender for Lambda writes
 * its JSON layout the same way ({@code LambdaAppender.append}). The level still counts for the
 * function's application log level.
 */
public final class InvocationLog {

    /** A logger that drops every line: for priming the code path on made-up data. */
    public static final LambdaLogger DISCARD = new LambdaLogger() {
        @Override
        public void log(String message) {
        }

        @Override
        public void log(byte[] message) {
        }
    };

    /** Package-private for {@link GitHubRateLimit#addTo(InvocationLog)}, which adds its fields as to any node. */
    final ObjectNode fields = JsonStreams.objectNode();
    private final long startNanos = System.nanoTime();

    public InvocationLog(String function) {
        fields.put("function", function);
    }

    public InvocationLog put(String name, String value) {
        fields.put(name, value);
        return this;
    }

    public InvocationLog put(String name, long value) {
        fields.put(name, value);
        return this;
    }

    public InvocationLog put(String name, boolean value) {
        fields.put(name, value);
        return this;
    }

    public void succeeded(LambdaLogger logger) {
        emit(logger, LogLevel.INFO, "ok");
    }

    /** GitHub rate-limited the work and the state machine waits before it tries again. */
    public void rateLimited(LambdaLogger logger) {
        emit(logger, LogLevel.WARN, "rateLimited");
    }

    public void failed(LambdaLogger logger, RuntimeException error) {
        fields.put("error", error.getClass().getName());
        fields.put("errorMessage", error instanceof RecordMetricException ? error.getMessage()
                : String.valueOf(error.getClass().getSimpleName()));
        emit(logger, LogLevel.ERROR, "failed");
    }

    /**
     * For a function whose outcomes are its own (the webhook receiver's {@code recorded},
     * {@code rejected-signature}...): the line with {@code outcome} at {@code level}.
     */
    public void finished(LambdaLogger logger, LogLevel level, String outcome) {
        emit(logger, level, outcome);
    }

    private void emit(LambdaLogger logger, LogLevel level, String outcome) {
        fields.put("level", level.name());
        fields.put("outcome", outcome);
        fields.put("durationMs", (System.nanoTime() - startNanos) / 1_000_000);
        logger.log((JsonStreams.writeString(fields) + "\n").getBytes(StandardCharsets.UTF_8), level);
    }
}
