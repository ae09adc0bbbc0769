package dev.recordmetric.benchmarks.probe;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Runs in a fresh JVM whose class path is only a function's deployable jar and this one class, as
 * Lambda would: the handler's public no-arg constructor (configuration from the environment), then
 * {@code handleRequest}. Once constructed it prints {@code CONSTRUCTED <System.nanoTime()>} (the
 * parent's clock splits the cold start there; the value lines up with the class-load log's
 * {@code timenanos}); with {@code pause} it then waits for a line on standard input (the parent moves
 * it into a CPU quota meanwhile). It prints {@code RESULT <output>} as soon as the first invocation
 * returns (the parent stops its cold-start clock on that line), then runs {@code invocations - 1}
 * warm invocations and prints {@code STATS} with the in-process timings, CPU time and heap peaks.
 *
 * <p>Usage: {@code Probe <handler class> <input JSON> [invocations [pause]]}. Deliberately one class
 * with no nested classes and no dependency beyond the Lambda interfaces the function jar bundles.
 */
public final class Probe implements Context, LambdaLogger {

    private long logBytes;

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        byte[] input = args[1].getBytes(StandardCharsets.UTF_8);
        int invocations = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        boolean pause = args.length > 3 && args[3].equals("pause");
        var context = new Probe();

        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        long constructed = System.nanoTime();
        System.out.println("CONSTRUCTED " + constructed);
        System.out.flush();
        if (pause) {
            int read;
            do {
                read = System.in.read(); // the go signal is one line
            } while (read >= 0 && read != '\n');
        }
        long resumed = System.nanoTime();
        var output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input), output, context);
        long invoked = System.nanoTime();
        System.out.println("RESULT " + output.toString(StandardCharsets.UTF_8));
        System.out.flush();

        var cpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] warm = new long[Math.max(0, invocations - 1)];
        long cpuBefore = cpu.getProcessCpuTime();
        for (int i = 0; i < warm.length; i++) {
            long start = System.nanoTime();
            handler.handleRequest(new ByteArrayInputStream(input), new ByteArrayOutputStream(), context);
            warm[i] = System.nanoTime() - start;
        }
        long warmCpu = warm.length == 0 ? 0 : (cpu.getProcessCpuTime() - cpuBefore) / warm.length;
        Arrays.sort(warm);

        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        long collections = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, collector.getCollectionCount());
        }
        System.out.println("STATS initNanos=" + (constructed - started)
                + " firstInvokeNanos=" + (invoked - resumed)
                + " invokedAt=" + invoked
                + " warmMedianNanos=" + (warm.length == 0 ? 0 : warm[warm.length / 2])
                + " warmCpuNanos=" + warmCpu
                + " outputBytes=" + output.size()
                + " heapPeakBytes=" + heapPeak
                + " maxHeapBytes=" + Runtime.getRuntime().maxMemory()
                + " gcCount=" + collections
                + " logBytes=" + context.logBytes);
        System.out.flush();
    }

    @Override
    public void log(String message) {
        logBytes += message.length();
    }

    @Override
    public void log(byte[] message) {
        logBytes += message.length;
    }

    @Override
    public String getAwsRequestId() {
        return "00000000-0000-0000-0000-000000000000";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/probe";
    }

    @Override
    public String getLogStreamName() {
        return "probe";
    }

    @Override
    public String getFunctionName() {
        return "probe";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:eu-west-1:123456789012:function:probe";
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
        return 30_000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 256;
    }

    @Override
    public LambdaLogger getLogger() {
        return this;
    }
}
