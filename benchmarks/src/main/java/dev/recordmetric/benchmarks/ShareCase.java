package dev.recordmetric.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.local.FunctionPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One function configuration whose cold start is measured at Lambda's CPU shares: the deployable
 * jar, the handler, its environment pointing at the fakes, one input, and the Step Functions task
 * timeout of its state (read from the definition, so the verdict follows the definition).
 */
record ShareCase(String title, String state, Path jar, String handler, String functionName, Map<String, String> env,
        String input, int taskTimeoutSeconds) {

    static final String LIST_RUNNERS = "dev.recordmetric.listrunners.ListRunnersHandler";
    static final String GET_TOKEN = "dev.recordmetric.gettoken.GetTokenHandler";
    private static final String ASL = "terraform/templates/record-metric.asl.json";

    /** ListRunners at the smallest and largest fleet, GetToken with a personal access token and minting an App token. */
    static List<ShareCase> all(Path root, Fixture fixture, List<Integer> sizes) {
        Path listJar = FunctionPackage.jar(root, "list-runners");
        Path tokenJar = FunctionPackage.jar(root, "get-token");
        String listInput = "{\"sealedToken\":\"" + fixture.sealedPat() + "\",\"executionArn\":\"" + Fixture.EXECUTION_ARN + "\"}";
        String tokenInput = "{\"executionArn\":\"" + Fixture.EXECUTION_ARN + "\"}";
        int listTimeout = taskTimeout(root, "ListRunners");
        int tokenTimeout = taskTimeout(root, "GetToken");
        var cases = new ArrayList<ShareCase>();
        for (int size : List.of(sizes.get(0), sizes.get(sizes.size() - 1)).stream().distinct().toList()) {
            cases.add(new ShareCase("ListRunners, " + Markdown.number(size) + " runners", "ListRunners", listJar, LIST_RUNNERS,
                    "record-metric-list-runners", fixture.listRunnersEnv(size), listInput, listTimeout));
        }
        int small = sizes.get(0);
        cases.add(new ShareCase("GetToken, personal access token", "GetToken", tokenJar, GET_TOKEN,
                "record-metric-get-token", fixture.getTokenPatEnv(small), tokenInput, tokenTimeout));
        cases.add(new ShareCase("GetToken, GitHub App (mints a token)", "GetToken", tokenJar, GET_TOKEN,
                "record-metric-get-token", fixture.getTokenAppEnv(small), tokenInput, tokenTimeout));
        return cases;
    }

    /**
     * The cases a run measures: {@link #all}, or at {@code --quick} ListRunners at the smallest fleet and
     * GetToken minting an App token (enough to print every table).
     */
    static List<ShareCase> of(Main.Options options, Fixture fixture) {
        List<ShareCase> all = all(options.root(), fixture, options.sizes());
        if (!options.quick()) {
            return all;
        }
        return List.of(all.get(0), all.stream().filter(ShareCase::mintsAppToken).findFirst().orElseThrow());
    }

    /** The same function and configuration from the deployable jars under another checkout (a baseline). */
    ShareCase withJarsFrom(Path otherRoot) {
        String function = jar.getFileName().toString().replace(".jar", "");
        Path other = FunctionPackage.jar(otherRoot, function);
        if (!Files.isRegularFile(other)) {
            throw new IllegalStateException(other + " is missing: the baseline needs both deployable jars");
        }
        return new ShareCase(title, state, other, handler, functionName, env, input, taskTimeoutSeconds);
    }

    boolean listsRunners() {
        return state.equals("ListRunners");
    }

    boolean mintsAppToken() {
        return env.containsKey("GITHUB_APP_ID");
    }

    /** {@code TimeoutSeconds} of a Task state in the definition. */
    static int taskTimeout(Path root, String state) {
        try {
            JsonNode definition = Json.MAPPER.readTree(Files.readString(root.resolve(ASL)));
            int seconds = definition.path("States").path(state).path("TimeoutSeconds").asInt(0);
            if (seconds <= 0) {
                throw new IllegalStateException(ASL + ": state " + state + " has no TimeoutSeconds");
            }
            return seconds;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + ASL, e);
        }
    }
}
