package dev.recordmetric.common;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.errors.InvalidConfigurationException;
import dev.recordmetric.errors.RateLimitException;
import dev.recordmetric.errors.TransientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long this invocation may work, and whether a rate-limit wait fits its run.
 *
 * <p>The state machine passes each Lambda task a {@code budget}: the execution's start
 * ({@code $$.Execution.StartTime}), the task's {@code TimeoutSeconds} ({@code attemptSeconds}), the
 * second of the run by which the task must have ended so that one attempt of every later task still
 * fits the machine's {@code TimeoutSeconds} ({@code endBySecond}), and the rate-limit waits the run
 * has made so far. The work ends by the earliest of: this attempt's start plus
 * {@code attemptSeconds}, the run's start plus {@code endBySecond}, and Lambda's own deadline
 * ({@link Context#getRemainingTimeInMillis()}), less {@link #MARGIN} to answer. Every network call
 * is bounded by what is left, so a stall ends as a {@link TransientException} inside the task,
 * never as {@code States.Timeout}.
 *
 * <p>A wait GitHub asks for fits when the run has made fewer than {@link #MAX_RATE_LIMIT_WAITS}
 * and the attempt after it, a whole {@code attemptSeconds}, still ends by {@code endBySecond}.
 * Without a budget (a direct invocation) only Lambda's deadline applies and no wait fits.
 */
public final class InvocationBudget {

    /** Kept back from every deadline to write the answer and the log line. */
    public static final Duration MARGIN = Duration.ofSeconds(1);
    /** Rate-limit waits per run (GetToken's and ListRunners' together). */
    public static final int MAX_RATE_LIMIT_WAITS = 3;

    /** What the state machine says about the run; absent on a direct invocation. */
    private record Run(Instant startedAt, Duration attempt, Duration endBy, int rateLimitWaits) {
        Instant endsBy() {
            return startedAt.plus(endBy);
        }
    }

    private final Clock clock;
    private final Instant workEndsBy;
    private final Optional<Run> run;

    private InvocationBudget(Clock clock, Instant workEndsBy, Optional<Run> run) {
        this.clock = clock;
        this.workEndsBy = workEndsBy;
        this.run = run;
    }

    /**
     * @param budget the input's {@code budget} object (missing or null on a direct invocation)
     * @param attemptStartedAt when this attempt began ({@link HandlerSkeleton} decides: the invocation,
     *     or the instance's init or restore when the invocation waited for it)
     */
    public static InvocationBudget of(JsonNode budget, Context context, Instant attemptStartedAt, Clock clock) {
        Instant now = clock.instant();
        Instant lambdaEnds = now.plusMillis(Math.max(0, context.getRemainingTimeInMillis()));
        Optional<Run> run = budget == null || budget.isMissingNode() || budget.isNull()
                ? Optional.empty() : Optional.of(parse(budget));
        Instant endsBy = lambdaEnds;
        if (run.isPresent()) {
            endsBy = earliest(endsBy, attemptStartedAt.plus(run.get().attempt()), run.get().endsBy());
        }
        return new InvocationBudget(clock, endsBy.minus(MARGIN), run);
    }

    /** {@code time} from now, outside any run (no wait fits): for tools and tests that call the code directly. */
    public static InvocationBudget lasting(Duration time, Clock clock) {
        return new InvocationBudget(clock, clock.instant().plus(time), Optional.empty());
    }

    private static Run parse(JsonNode budget) {
        if (!budget.isObject()) {
            throw malformed("it is not an object");
        }
        Instant startedAt;
        try {
            startedAt = Instant.parse(budget.path("executionStartTime").asText(""));
        } catch (DateTimeParseException e) {
            throw malformed("executionStartTime is not an ISO-8601 time ($$.Execution.StartTime)");
        }
        return new Run(startedAt, Duration.ofSeconds(positive(budget, "attemptSeconds")),
                Duration.ofSeconds(positive(budget, "endBySecond")), nonNegative(budget, "rateLimitWaits"));
    }

    private static int positive(JsonNode budget, String field) {
        int value = nonNegative(budget, field);
        if (value == 0) {
            throw malformed(field + " is not a positive whole number");
        }
        return value;
    }

    private static int nonNegative(JsonNode budget, String field) {
        JsonNode value = budget.path(field);
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
            throw malformed(field + " is not a whole number");
        }
        return value.asInt();
    }

    private static InvalidConfigurationException malformed(String problem) {
        return new InvalidConfigurationException("Input field budget is malformed: " + problem + ". The state machine"
                + " passes {\"executionStartTime.$\": \"$$.Execution.StartTime\", \"attemptSeconds\", \"endBySecond\","
                + " \"rateLimitWaits.$\": \"$.run.rateLimitWaits\"} (see statemachine/README.md).");
    }

    private static Instant earliest(Instant first, Instant... others) {
        Instant earliest = first;
        for (Instant other : others) {
            if (other.isBefore(earliest)) {
                earliest = other;
            }
        }
        return earliest;
    }

    /** What is left of this invocation's time for work; zero or negative when none is. */
    public Duration left() {
        return Duration.between(clock.instant(), workEndsBy);
    }

    /**
     * A network call's timeout: {@code usual}, or what is left if less.
     *
     * @throws TransientException when no time is left (no request is sent)
     */
    public Duration bound(Duration usual, String what) {
        Duration left = left();
        if (left.toMillis() < 1) {
            throw new TransientException("No time left for " + what + " in this attempt (it must end by " + workEndsBy
                    + "); the state machine retries if the run has time, otherwise the next run lists again.");
        }
        return left.compareTo(usual) < 0 ? left : usual;
    }

    /**
     * The wait GitHub asks for, when it fits this run (see the class comment).
     *
     * @param seconds until {@code retryAt}, rounded up to whole seconds (the Wait state's unit)
     * @param rateLimitWaits the run's waits with this one
     */
    public record RateLimitWait(long seconds, Instant retryAt, int rateLimitWaits) {
    }

    /**
     * Whether the run may wait for {@code rateLimit}, and how long.
     *
     * @throws RateLimitException {@code rateLimit} itself, its message saying why, when the wait does not fit
     */
    public RateLimitWait waitFor(RateLimitException rateLimit) {
        Instant retryAt = rateLimit.retryAt().orElseThrow(() -> rateLimit.because("; GitHub gave no time to wait for"));
        Instant now = clock.instant();
        if (run.isEmpty()) {
            throw rateLimit.because(". This invocation is not part of a state machine run, which alone can wait.");
        }
        Run current = run.get();
        if (current.rateLimitWaits() >= MAX_RATE_LIMIT_WAITS) {
            throw rateLimit.because(". This run already waited " + current.rateLimitWaits() + " times for GitHub's"
                    + " rate limit, the most it may; the next scheduled run tries again.");
        }
        if (retryAt.plus(current.attempt()).isAfter(current.endsBy())) {
            throw rateLimit.because(". The wait does not fit this run (a wait must end by " + current.endsBy()
                    .minus(current.attempt()) + " to leave time for the next attempt); the next scheduled run tries"
                    + " again after it, no request is sent before.");
        }
        long millis = Math.max(0, Duration.between(now, retryAt).toMillis());
        return new RateLimitWait((millis + 999) / 1000, retryAt, current.rateLimitWaits() + 1);
    }
}
