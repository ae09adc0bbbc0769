package dev.recordmetric.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The {@code run --report FILE.html} page: the state machine coloured by the last run, that run's
 * state inputs and outputs, and busy/idle over the runs. Rewritten whole after every run (a
 * reader never sees half a file), so a browser reload shows the latest. Not thread-safe.
 */
final class Report {

    /** The chart and the table show at most this many runs, the latest. */
    static final int RUNS_KEPT = 500;

    /**
     * What one rendering shows.
     *
     * @param runs the latest runs, oldest first
     * @param total how many runs there were in all
     * @param last the last run, or null before the first one ended
     */
    record Snapshot(String source, String definition, ReportGraph graph, List<RunSummary> runs, int total, RunRecord last,
            Instant updatedAt, List<LedgerRow> ledgers, List<DemandRow> demands) {

        Snapshot(String source, String definition, ReportGraph graph, List<RunSummary> runs, int total, RunRecord last,
                Instant updatedAt) {
            this(source, definition, graph, runs, total, last, updatedAt, List.of(), List.of());
        }

        Snapshot(String source, String definition, ReportGraph graph, List<RunSummary> runs, int total, RunRecord last,
                Instant updatedAt, List<LedgerRow> ledgers) {
            this(source, definition, graph, runs, total, last, updatedAt, ledgers, List.of());
        }
    }

    /** The demand one run published (issue 20). */
    record DemandRow(int run, Instant startedAt, DemandView demand) {}

    /** The job ledger after one run (simulated runs with a ledger). */
    record LedgerRow(int run, LedgerView ledger) {}

    private final Path file;
    private final String source;
    private final String definition;
    private final ReportGraph graph;
    private final Redactor redactor;
    private final Deque<RunSummary> runs = new ArrayDeque<>();
    private final Deque<LedgerRow> ledgers = new ArrayDeque<>();
    private final Deque<DemandRow> demands = new ArrayDeque<>();
    private int total;
    private RunRecord last;

    Report(Path file, String source, String definition, Redactor redactor) {
        this.file = file;
        this.source = source;
        this.definition = definition;
        this.graph = ReportGraph.parse(definition);
        this.redactor = redactor;
    }

    void add(int run, RunRecord record) {
        runs.addLast(RunSummary.of(run, record));
        if (runs.size() > RUNS_KEPT) {
            runs.removeFirst();
        }
        if (record.ledger != null) {
            ledgers.addLast(new LedgerRow(run, record.ledger));
            if (ledgers.size() > RUNS_KEPT) {
                ledgers.removeFirst();
            }
        }
        if (record.demand != null) {
            demands.addLast(new DemandRow(run, record.startedAt, record.demand));
            if (demands.size() > RUNS_KEPT) {
                demands.removeFirst();
            }
        }
        total++;
        last = record;
    }

    String html(Instant now) {
        return ReportPage.render(new Snapshot(source, definition, graph, List.copyOf(runs), total, last, now,
                List.copyOf(ledgers), List.copyOf(demands)), redactor);
    }

    /** Replaces the file with the page as it is now. */
    void write() {
        try {
            Path target = file.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
            try {
                Files.writeString(partial, html(Instant.now()), StandardCharsets.UTF_8);
                move(partial, target);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException | SecurityException e) {
            throw new CliException("cannot write the report " + file + " (" + e.getClass().getSimpleName()
                    + "): pass a writable path with --report");
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
