package dev.recordmetric.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.recordmetric.fakes.RecordingLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link RequestStreamHandler} run in this JVM with a realistic {@link Context}, for tests that
 * hand the handler collaborators (a clock, a client). Errors are answered as the Java runtime
 * answers them ({@code {"errorMessage", "errorType": <class name>, "stackTrace"}}), a run past the
 * timeout as {@code Sandbox.Timedout}. Init errors cannot happen: the handler is already built.
 */
final class InProcessFunction implements LocalFunction {

    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final String name;
    private final RequestStreamHandler handler;
    private final LambdaInvokeEndpoint.FunctionSettings settings;
    private final String logStream;

    InProcessFunction(String name, RequestStreamHandler handler, LambdaInvokeEndpoint.FunctionSettings settings,
            String logStream) {
        this.name = name;
        this.handler = handler;
        this.settings = settings;
        this.logStream = logStream;
    }

    @Override
    public Result invoke(String requestId, String arn, byte[] payload) {
        var context = new RecordingLambdaContext(name, arn, logStream, requestId, settings.memoryMb(), settings.timeout());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Future<?> run = handlers.submit(() -> {
            handler.handleRequest(new ByteArrayInputStream(payload), out, context);
            return null;
        });
        try {
            run.get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
            byte[] response = out.toByteArray();
            if (response.length > LambdaErrors.MAX_PAYLOAD_BYTES) {
                return new Result(LambdaErrors.responseTooLarge(), "Function.ResponseSizeTooLarge", context.logLines(), List.of());
            }
            return new Result(response, null, context.logLines(), List.of());
        } catch (ExecutionException e) {
            Throwable error = e.getCause();
            String type = error.getClass().getName();
            return new Result(LambdaErrors.document(error.getMessage(), type, stackTrace(error)), type, context.logLines(),
                    List.of());
        } catch (TimeoutException e) {
            run.cancel(true);
            return new Result(LambdaErrors.timedOut(requestId, settings.timeout()), "Sandbox.Timedout", context.logLines(),
                    List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.cancel(true);
            throw new LocalEngineException("interrupted while " + name + " ran", e);
        }
    }

    /** Frames as the Java runtime lists them: {@code class.method(File.java:line)}. */
    private static List<String> stackTrace(Throwable error) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : error.getStackTrace()) {
            String location = frame.getFileName() == null
                    ? "Unknown Source"
                    : frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber() : frame.getFileName();
            frames.add(frame.getClassName() + "." + frame.getMethodName() + "(" + location + ")");
        }
        return frames;
    }

    @Override
    public void close() {
        handlers.shutdownNow();
    }
}
