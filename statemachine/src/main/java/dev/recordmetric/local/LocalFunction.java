package dev.recordmetric.local;

import java.util.List;

/** One registered function, however it runs: in this JVM, or in its own under the runtime client. */
interface LocalFunction extends AutoCloseable {

    /**
     * Runs one invocation to its end.
     *
     * @param arn the ARN it was invoked as
     */
    Result invoke(String requestId, String arn, byte[] payload);

    @Override
    void close();

    /**
     * What Lambda answers the caller, and what the invocation logged.
     *
     * @param body the response, or the error document
     * @param functionError null on success, else the document's {@code errorType}
     * @param logLines what went to the runtime's logger (the telemetry log), one entry per message
     * @param consoleLines what the process wrote to stdout and stderr, one entry per line
     */
    record Result(byte[] body, String functionError, List<String> logLines, List<String> consoleLines) {
        public Result {
            logLines = List.copyOf(logLines);
            consoleLines = List.copyOf(consoleLines);
        }
    }
}
