package dev.recordmetric.fakes;

import java.util.List;

/**
 * A self-hosted runner as the fake GitHub lists it.
 *
 * @param status {@code online} or {@code offline}
 * @param labels label names; {@code self-hosted} and OS/architecture names render as
 *               {@code read-only}, others as {@code custom}
 */
public record FakeRunner(long id, String name, String os, String status, boolean busy, List<String> labels) {

    public FakeRunner {
        labels = List.copyOf(labels);
    }

    /** An online runner running a job, on Linux. */
    public static FakeRunner busy(long id, String name, String... labels) {
        return new FakeRunner(id, name, "Linux", "online", true, List.of(labels));
    }

    /** An online runner waiting for a job, on Linux. */
    public static FakeRunner idle(long id, String name, String... labels) {
        return new FakeRunner(id, name, "Linux", "online", false, List.of(labels));
    }

    /** An offline runner, on Linux. */
    public static FakeRunner offline(long id, String name, String... labels) {
        return new FakeRunner(id, name, "Linux", "offline", false, List.of(labels));
    }

    public boolean online() {
        return "online".equals(status);
    }

    public FakeRunner withBusy(boolean newBusy) {
        return new FakeRunner(id, name, os, status, newBusy, labels);
    }

    public FakeRunner withStatus(String newStatus) {
        return new FakeRunner(id, name, os, newStatus, busy && "online".equals(newStatus), labels);
    }
}
