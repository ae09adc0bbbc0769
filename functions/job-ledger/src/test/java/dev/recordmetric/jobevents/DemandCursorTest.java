package dev.recordmetric.jobevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ListRunners' cursor item in moto's ledger table. */
class DemandCursorTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aWrittenCursor_readsBackAsWritten_andEmptySetsAreLeftOut() {
        String table = LedgerTables.create();
        DemandCursor first = DemandCursor.read(LedgerTables.dynamoDb(), table);

        boolean written = first.replaceWith(LedgerTables.dynamoDb(), table,
                new DemandCursor(Set.of(7L, 8L), Map.of("small-1", 7L), NOW, 0));
        DemandCursor read = DemandCursor.read(LedgerTables.dynamoDb(), table);
        boolean emptied = read.replaceWith(LedgerTables.dynamoDb(), table, new DemandCursor(Set.of(), Map.of(), NOW.plusSeconds(60), 0));

        assertThat(first).isEqualTo(DemandCursor.NONE);
        assertThat(written).isTrue();
        assertThat(read).isEqualTo(new DemandCursor(Set.of(7L, 8L), Map.of("small-1", 7L), NOW, 1));
        assertThat(emptied).isTrue();
        assertThat(DemandCursor.read(LedgerTables.dynamoDb(), table))
                .isEqualTo(new DemandCursor(Set.of(), Map.of(), NOW.plusSeconds(60), 2));
    }

    /** Two overlapping runs read the same cursor: the second write fails its condition, so no wait is published twice. */
    @Test
    void ofTwoRunsThatReadTheSameCursor_onlyTheFirstWrites() {
        String table = LedgerTables.create();
        DemandCursor.NONE.replaceWith(LedgerTables.dynamoDb(), table, new DemandCursor(Set.of(1L), Map.of(), NOW, 0));
        DemandCursor seenByBoth = DemandCursor.read(LedgerTables.dynamoDb(), table);

        boolean firstRun = seenByBoth.replaceWith(LedgerTables.dynamoDb(), table, new DemandCursor(Set.of(1L, 2L), Map.of(), NOW, 0));
        boolean secondRun = seenByBoth.replaceWith(LedgerTables.dynamoDb(), table, new DemandCursor(Set.of(1L, 3L), Map.of(), NOW, 0));
        boolean noCursorAnyMore = DemandCursor.NONE.replaceWith(LedgerTables.dynamoDb(), table,
                new DemandCursor(Set.of(9L), Map.of(), NOW, 0));

        assertThat(firstRun).isTrue();
        assertThat(secondRun).isFalse();
        assertThat(noCursorAnyMore).isFalse();
        assertThat(DemandCursor.read(LedgerTables.dynamoDb(), table).countedJobs()).containsExactlyInAnyOrder(1L, 2L);
    }
}
