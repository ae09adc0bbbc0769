package dev.recordmetric.cli;

import dev.recordmetric.fakes.FakeOrganization;
import dev.recordmetric.fakes.FakeRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The embedded organization {@code record-metric run} watches by default: runners on the fake
 * GitHub that pick up and finish jobs between runs, sometimes go offline and are removed, while new
 * ones register. A few runners of another installation carry a different {@code installation_id}
 * label and are never counted. The same seed gives the same story.
 */
final class SimulatedOrganization {

    static final String ORGANIZATION = "example-org";
    static final String INSTALLATION_ID = "demo";
    static final String OTHER_INSTALLATION_ID = "staging";
    private static final int INITIAL_RUNNERS = 9;
    private static final int MAX_RUNNERS = 16;

    private final FakeOrganization organization;
    private final SplittableRandom random;
    private int nextNumber = 1;

    SimulatedOrganization(FakeOrganization organization, long seed) {
        this.organization = organization;
        this.random = new SplittableRandom(seed);
        List<FakeRunner> runners = new ArrayList<>();
        for (int i = 0; i < INITIAL_RUNNERS; i++) {
            int roll = random.nextInt(10);
            runners.add(roll < 4 ? busy(newRunner()) : roll < 9 ? newRunner() : newRunner().withStatus("offline"));
        }
        runners.add(new FakeRunner(9001, "staging-runner-1", "Linux", "online", true, labels(OTHER_INSTALLATION_ID)));
        runners.add(new FakeRunner(9002, "staging-runner-2", "Linux", "online", false, labels(OTHER_INSTALLATION_ID)));
        organization.setRunners(runners);
    }

    /** Time passes between two runs: jobs start and finish, runners leave and register. */
    void advance() {
        List<FakeRunner> next = new ArrayList<>();
        for (FakeRunner runner : organization.runners()) {
            if (runner.name().startsWith("staging-")) {
                next.add(runner);
                continue;
            }
            if (!runner.online()) {
                if (random.nextInt(100) >= 50) {
                    next.add(runner); // an offline runner is deregistered after a while
                }
                continue;
            }
            int roll = random.nextInt(100);
            if (roll < 8) {
                next.add(runner.withStatus("offline"));
            } else if (runner.busy()) {
                next.add(roll < 45 ? runner.withBusy(false) : runner);
            } else {
                next.add(roll < 55 ? runner.withBusy(true) : runner);
            }
        }
        int arriving = random.nextInt(100) < 60 ? 1 + random.nextInt(2) : 0;
        for (int i = 0; i < arriving && countOwn(next) < MAX_RUNNERS; i++) {
            next.add(newRunner());
        }
        organization.setRunners(next);
    }

    private static int countOwn(List<FakeRunner> runners) {
        return (int) runners.stream().filter(r -> !r.name().startsWith("staging-")).count();
    }

    private FakeRunner newRunner() {
        int number = nextNumber++;
        return FakeRunner.idle(1000 + number, "runner-%02d".formatted(number), labels(INSTALLATION_ID).toArray(String[]::new));
    }

    private static FakeRunner busy(FakeRunner runner) {
        return runner.withBusy(true);
    }

    private static List<String> labels(String installationId) {
        return List.of("self-hosted", "Linux", "X64", "installation_id:" + installationId);
    }
}
