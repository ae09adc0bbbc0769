package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recordmetric.fakes.FleetTruth.State;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetTurnoverTest {

    private static final String LABEL = "installation_id:abc";

    @Test
    void changeOnce_deregistersAnywhereAppendsRegistrationsAndFlipsBusy() {
        FakeOrganization org = new FakeOrganization("acme", 1);
        List<FakeRunner> fleet = FakeRunners.generate(200, "abc");
        org.setRunners(fleet);
        Set<Long> original = new HashSet<>(fleet.stream().map(FakeRunner::id).toList());

        try (FleetTurnover turnover = FleetTurnover.start(org, List.of(LABEL), 0, 7)) {
            for (int i = 0; i < 400; i++) {
                turnover.changeOnce();
            }
            assertThat(turnover.changes()).isEqualTo(400);
        }

        List<FakeRunner> after = org.runners();
        List<Long> ids = after.stream().map(FakeRunner::id).toList();
        assertThat(ids).as("registration order: new ids at the end").isSorted();
        long removed = original.stream().filter(id -> !ids.contains(id)).count();
        long added = ids.stream().filter(id -> !original.contains(id)).count();
        assertThat(removed).as("deregistrations").isBetween(60L, 140L);
        assertThat(added).as("registrations").isBetween(60L, 140L);
        long flipped = after.stream().filter(runner -> original.contains(runner.id()))
                .filter(runner -> fleet.stream().anyMatch(old -> old.id() == runner.id() && old.busy() != runner.busy()))
                .count();
        assertThat(flipped).as("busy flags flipped").isPositive();
        assertThat(after).allSatisfy(runner -> assertThat(runner.labels()).contains(LABEL));
    }

    @Test
    void truth_rangeCoversTheValueAtTheStartAndAfterEveryChangeInTheWindow() {
        FakeOrganization org = new FakeOrganization("acme", 1);
        org.setRunners(List.of(FakeRunner.idle(1, "a", LABEL), FakeRunner.idle(2, "b", LABEL)));
        FleetTruth truth = new FleetTruth(List.of(LABEL));
        truth.record(10, org.runners());
        org.updateRunner(1, runner -> runner.withBusy(true));
        truth.record(20, org.runners());
        org.updateRunner(2, runner -> runner.withBusy(true));
        truth.record(30, org.runners());
        org.removeRunner(1);
        truth.record(40, org.runners());

        assertThat(truth.range(LABEL, State.IDLE, 25, 45)).as("1 at 25, then 0, 0").isEqualTo(new FleetTruth.Range(0, 1));
        assertThat(truth.range(LABEL, State.BUSY, 25, 45)).as("1 at 25, then 2, 1").isEqualTo(new FleetTruth.Range(1, 2));
        assertThat(truth.range(LABEL, State.IDLE, 15, 25)).as("2 at 15, then 1").isEqualTo(new FleetTruth.Range(1, 2));
        assertThat(truth.range("INSTALLATION_ID:ABC", State.BUSY, 0, 100)).isEqualTo(new FleetTruth.Range(0, 2));
        assertThat(truth.range(LABEL, State.BUSY, 41, 50)).isEqualTo(new FleetTruth.Range(1, 1));
        assertThat(truth.changesBetween(25, 45)).isEqualTo(2);
        assertThat(new FleetTruth.Range(3, 5).distance(1)).isEqualTo(2);
        assertThat(new FleetTruth.Range(3, 5).distance(4)).isZero();
        assertThat(new FleetTruth.Range(3, 5).distance(8)).isEqualTo(3);
        assertThatThrownBy(() -> truth.range("other", State.BUSY, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void start_atARate_changesTheFleetInTheBackgroundAndRecordsEachChange() throws Exception {
        FakeOrganization org = new FakeOrganization("acme", 1);
        org.setRunners(FakeRunners.generate(100, "abc"));
        long from = System.nanoTime();
        long changes;
        try (FleetTurnover turnover = FleetTurnover.start(org, List.of(LABEL), 200, 3)) {
            Thread.sleep(300);
            int recorded;
            synchronized (org) { // the turnover changes and records under the organization's lock
                changes = turnover.changes();
                recorded = turnover.truth().changesBetween(from, System.nanoTime());
            }
            assertThat(recorded).isEqualTo((int) changes);
        }
        assertThat(changes).isBetween(10L, 200L);
    }
}
