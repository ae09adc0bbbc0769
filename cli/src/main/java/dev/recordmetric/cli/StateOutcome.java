package dev.recordmetric.cli;

/** How a state fared in a run, as the report colours it. */
enum StateOutcome {
    SUCCEEDED("succeeded"),
    RETRIED("succeeded after retries"),
    FAILED("failed"),
    NOT_ENTERED("not entered");

    private final String label;

    StateOutcome(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    String cssClass() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static StateOutcome of(RunRecord.StateRecord state) {
        if (state == null) {
            return NOT_ENTERED;
        }
        if ("SUCCEEDED".equals(state.outcome) && state.failure == null) {
            return state.retries.isEmpty() ? SUCCEEDED : RETRIED;
        }
        return FAILED;
    }
}
