package dev.recordmetric.common;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.errors.InvalidConfigurationException;
import dev.recordmetric.errors.RateLimitException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;

/**
 * What every function's invocation does around its work: reads the input (a JSON object, or an
 * {@link InvalidConfigurationException} saying what it is instead), times the attempt, builds the
 * {@link InvocationBudget} from the input's {@code budget}, answers a rate-limit wait that fits the
 * run, writes the output, and logs the one {@link InvocationLog} line, on failure with the last
 * GitHub response's rate-limit headers. One per function instance; invocations one at a time, as
 * Lambda makes them.
 *
 * <p>The attempt starts when {@code handleRequest} is entered, or, for the first invocation after
 * the instance's init or its restore from a SnapStart snapshot, when that began, if it began at most
 * {@link #INIT_PHASE_LIMIT} before: an invocation that waited for the init has its init counted
 * against the task's {@code TimeoutSeconds} by Step Functions. An init further back was not done
 * for this invocation: SnapStart runs the constructor when the version is published ("Improving
 * startup performance with Lambda SnapStart"), and on demand Lambda may initialise execution
 * environments before any invocation asks for them ("Understanding the Lambda execution
 * environment lifecycle", Init phase, AWS Lambda Developer Guide).
 */
public final class HandlerSkeleton implements Resource {

    /**
     * The longest init an invocation waits for: Lambda limits the Init phase to 10 s (same document);
     * one that began longer ago ran ahead of the invocation.
     */
    public static final Duration INIT_PHASE_LIMIT = Duration.ofSeconds(10);

    /** What a function does with one invocation's input: its output, or a {@link RateLimitException}. */
    @FunctionalInterface
    public interface Work {
        ObjectNode perform(JsonNode input, InvocationBudget budget);
    }

    private final String function;
    private final Clock clock;
    /** When the instance's init or restore began, until the first invocation takes it. */
    private volatile Instant initStartedAt;

    private HandlerSkeleton(String function, Clock clock) {
        this.function = function;
        this.clock = clock;
        this.initStartedAt = clock.instant();
    }

    /**
     * For a handler's constructor, first thing (its init counts from here); registers for the
     * SnapStart restore hook: keep the returned reference (contexts may hold resources weakly).
     *
     * @param function the function's name in messages, e.g. {@code GetToken}
     */
    public static HandlerSkeleton start(String function, Clock clock) {
        var skeleton = new HandlerSkeleton(function, clock);
        Core.getGlobalContext().register(skeleton);
        return skeleton;
    }

    /**
     * One invocation: {@code work} on the input, its output written and {@code log} emitted.
     *
     * @param log the function's line, with what it knows before the input
     * @param lastResponse the rate-limit headers of the last GitHub response this invocation received
     *     ({@link GitHubRateLimit#NONE} when none), for the output of a wait and the log line of a failure
     * @throws RuntimeException what {@code work} threw (a {@link RateLimitException} whose wait does not
     *     fit the run), logged
     */
    public void handle(InputStream input, OutputStream output, Context context, InvocationLog log,
            Supplier<GitHubRateLimit> lastResponse, Work work) throws IOException {
        Instant attemptStartedAt = attemptStartedAt();
        try {
            JsonNode request = readObject(input);
            InvocationBudget budget = InvocationBudget.of(request.get("budget"), context, attemptStartedAt, clock);
            ObjectNode result;
            try {
                result = work.perform(request, budget);
            } catch (RateLimitException rateLimited) {
                answerWait(budget.waitFor(rateLimited), rateLimited, lastResponse.get(), output, log, context);
                return;
            }
            JsonStreams.write(result, output);
            log.succeeded(context.getLogger());
        } catch (RuntimeException e) {
            lastResponse.get().addTo(log).failed(context.getLogger(), e);
            throw e;
        }
    }

    private Instant attemptStartedAt() {
        Instant now = clock.instant();
        Instant init = initStartedAt;
        initStartedAt = null;
        return init != null && !init.isBefore(now.minus(INIT_PHASE_LIMIT)) ? init : now;
    }

    /**
     * The task's answer when GitHub's rate limit stopped the work and the wait fits the run:
     * {@code {"rateLimit": {"waitSeconds", "retryAt", "error", "cause", "rateLimitWaits"}}} and the
     * last response's rate-limit headers, which the state machine's Choice and Wait states read.
     */
    private static void answerWait(InvocationBudget.RateLimitWait wait, RateLimitException rateLimited,
            GitHubRateLimit lastResponse, OutputStream output, InvocationLog log, Context context) throws IOException {
        ObjectNode result = JsonStreams.objectNode();
        result.putObject("rateLimit")
                .put("waitSeconds", wait.seconds())
                .put("retryAt", wait.retryAt().toString())
                .put("error", rateLimited.getClass().getName())
                .put("cause", rateLimited.getMessage())
                .put("rateLimitWaits", wait.rateLimitWaits());
        lastResponse.addTo(result);
        JsonStreams.write(result, output);
        lastResponse.addTo(log.put("error", rateLimited.getClass().getName())
                .put("errorMessage", rateLimited.getMessage())
                .put("waitSeconds", wait.seconds()))
                .rateLimited(context.getLogger());
    }

    /** The input as a JSON object; what it is otherwise is named, never its content (it may hold a token). */
    private JsonNode readObject(InputStream input) {
        JsonNode node;
        try {
            node = JsonStreams.readTree(input);
        } catch (IOException e) {
            throw notAnObject("is not JSON");
        }
        if (node == null) {
            throw notAnObject("is empty");
        }
        if (!node.isObject()) {
            String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
            throw notAnObject("is a JSON " + type + ", not an object");
        }
        return node;
    }

    private InvalidConfigurationException notAnObject(String problem) {
        return new InvalidConfigurationException(function + (function.endsWith("s") ? "'" : "'s") + " input " + problem
                + ": invoke it with a JSON object, as the state machine does with the task's Parameters"
                + " (statemachine/README.md).");
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Nothing to prepare: the restore hook below is the point.
    }

    /** A restored instance starts anew: the restore, not the constructor long before, may begin the first attempt. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        initStartedAt = clock.instant();
    }
}
