package dev.recordmetric.fakes;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lambda {@link Context} whose logger keeps every line, so tests can read what a function logged. */
public final class RecordingLambdaContext implements Context {

    private final String functionName;
    private final String functionArn;
    private final String logStreamName;
    private final String requestId;
    private final int memoryMb;
    private final long deadlineNanos;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    public RecordingLambdaContext() {
        this("test-function", 30_000);
    }

    public RecordingLambdaContext(String functionName, int timeoutMillis) {
        this(functionName, "arn:aws:lambda:" + FakeAwsClients.REGION.id() + ":123456789012:function:" + functionName,
                "local", UUID.randomUUID().toString(), 256, Duration.ofMillis(timeoutMillis));
    }

    /** The context of one invocation of a function as the Lambda runtime describes it. */
    public RecordingLambdaContext(String functionName, String functionArn, String logStreamName, String requestId,
            int memoryMb, Duration timeout) {
        this.functionName = functionName;
        this.functionArn = functionArn;
        this.logStreamName = logStreamName;
        this.requestId = requestId;
        this.memoryMb = memoryMb;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    public List<String> logLines() {
        return List.copyOf(lines);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return logStreamName;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                lines.add(message.endsWith("\n") ? message.substring(0, message.length() - 1) : message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }

            @Override
            public void log(String message, LogLevel level) {
                log(message);
            }
        };
    }
}
