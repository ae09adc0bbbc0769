package dev.recordmetric.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One step of an execution, the same whether it comes from the local engine or from a deployed
 * state machine's history, so both are rendered by one {@link Timeline}.
 *
 * @param stateType Task, Pass, Fail… (ENTERED only)
 * @param data the state's input (ENTERED), output (EXITED, and ENDED when succeeded)
 * @param error the error name (FAILED, ENDED when not succeeded)
 * @param cause the cause as text (FAILED, ENDED when not succeeded)
 * @param status SUCCEEDED, FAILED, TIMED_OUT, ABORTED (ENDED only)
 */
record TimelineEvent(
        Kind kind, Instant timestamp, String state, String stateType, JsonNode data, String error, String cause, String status) {

    enum Kind {
        STARTED,
        ENTERED,
        EXITED,
        /** An attempt of a task failed; a RETRIED or the state's failure follows. */
        FAILED,
        RETRIED,
        ENDED
    }

    static TimelineEvent started(Instant at) {
        return new TimelineEvent(Kind.STARTED, at, null, null, null, null, null, null);
    }

    static TimelineEvent entered(Instant at, String state, String stateType, JsonNode input) {
        return new TimelineEvent(Kind.ENTERED, at, state, stateType, input, null, null, null);
    }

    static TimelineEvent exited(Instant at, String state, JsonNode output) {
        return new TimelineEvent(Kind.EXITED, at, state, null, output, null, null, null);
    }

    static TimelineEvent failed(Instant at, String state, String error, String cause) {
        return new TimelineEvent(Kind.FAILED, at, state, null, null, error, cause, null);
    }

    static TimelineEvent retried(Instant at, String state) {
        return new TimelineEvent(Kind.RETRIED, at, state, null, null, null, null, null);
    }

    static TimelineEvent ended(Instant at, String status, JsonNode output, String error, String cause) {
        return new TimelineEvent(Kind.ENDED, at, null, null, output, error, cause, status);
    }
}
