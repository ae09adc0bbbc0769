package dev.recordmetric.benchmarks;

import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.local.FunctionPackage;
import dev.recordmetric.local.LambdaInvokeEndpoint;
import dev.recordmetric.local.StateMachineFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cold start under AWS's Lambda runtime client, as the local harness runs the functions: from the
 * harness starting the JVM (the managed runtime's command line and environment, the deployable jar in
 * the task root) to the first invocation's response coming back through the Runtime API.
 */
final class RuntimeClientColdStarts {

    private RuntimeClientColdStarts() {
    }

    /** GetToken with a PAT and ListRunners at the smallest fleet; at {@code --quick} ListRunners only, once. */
    static Map<String, Samples> measure(Fixture fixture, Main.Options options, Consumer<String> progress) {
        Path root = options.root();
        int size = options.sizes().get(0);
        int runs = options.coldRuns();
        var files = new StateMachineFiles(root.resolve("statemachine"));
        Map<String, String> endpoints = fixture.aws.endpointVariables();
        var cases = new LinkedHashMap<String, FunctionPackage>();
        if (!options.quick()) {
            cases.put("GetToken, personal access token", FunctionPackage.of(FunctionPackage.jar(root, "get-token"),
                    FunctionPackage.GET_TOKEN_HANDLER, with(fixture.getTokenPatEnv(size), endpoints), fixture.aws.credentials()));
        }
        cases.put("ListRunners (" + size + " runners)", FunctionPackage.of(FunctionPackage.jar(root, "list-runners"),
                FunctionPackage.LIST_RUNNERS_HANDLER, with(fixture.listRunnersEnv(size), endpoints), fixture.aws.credentials()));
        String tokenInput = "{\"executionArn\":\"" + Fixture.EXECUTION_ARN + "\"}";
        String listInput = "{\"sealedToken\":\"" + fixture.sealedPat() + "\",\"executionArn\":\"" + Fixture.EXECUTION_ARN + "\"}";
        var results = new LinkedHashMap<String, Samples>();
        try (LambdaInvokeEndpoint endpoint = LambdaInvokeEndpoint.start(FakeAws.REGION, FakeAws.ACCOUNT)) {
            endpoint.useFiles(files);
            for (var entry : cases.entrySet()) {
                progress.accept("cold start under the runtime client: " + entry.getKey() + " × " + runs);
                String input = entry.getKey().startsWith("GetToken") ? tokenInput : listInput;
                if (options.untimedFirst()) {
                    firstResponse(endpoint, entry.getValue(), input); // untimed: warms the page cache
                }
                var nanos = new ArrayList<Long>();
                for (int i = 0; i < runs; i++) {
                    nanos.add(firstResponse(endpoint, entry.getValue(), input));
                }
                results.put(entry.getKey(), new Samples(nanos));
            }
        }
        return results;
    }

    /** A new function (its JVM starts at registration) and its first invocation, timed together. */
    private static long firstResponse(LambdaInvokeEndpoint endpoint, FunctionPackage code, String input) {
        long start = System.nanoTime();
        endpoint.register("cold-start", code, LambdaInvokeEndpoint.FunctionSettings.DEFAULT);
        LambdaInvokeEndpoint.Invocation invocation = endpoint.invoke("cold-start", input);
        long elapsed = System.nanoTime() - start;
        if (invocation.functionError() != null) {
            throw new IllegalStateException("the function failed under the runtime client: " + invocation.response());
        }
        return elapsed;
    }

    private static Map<String, String> with(Map<String, String> env, Map<String, String> more) {
        var all = new LinkedHashMap<>(env);
        all.putAll(more);
        return all;
    }

    static String section(Map<String, Samples> cold, int runs) {
        var table = new Markdown("function", "median", "min", "max");
        cold.forEach((title, samples) -> table.row(title, Markdown.duration(samples.median()), Markdown.duration(samples.min()),
                Markdown.duration(samples.max())));
        return "## Cold start under the Lambda runtime client: JVM start to first response\n\n"
                + "Median of " + runs + " new functions each (after one untimed), as the local harness runs them:"
                + " a JVM started with the java21 runtime's flags and environment, AWS's runtime interface client"
                + " (`com.amazonaws.services.lambda.runtime.api.client.AWSLambda`) loading the deployable jar from the"
                + " task root, timed from the harness starting the process to the first invocation's response"
                + " (posted to the harness's Runtime API). This includes what the probe above leaves out: the"
                + " runtime client's own start-up and the Runtime API round trips. One function at a time.\n\n"
                + table + "\n";
    }
}
