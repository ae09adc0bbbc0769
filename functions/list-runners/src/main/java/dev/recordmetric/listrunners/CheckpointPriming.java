package dev.recordmetric.listrunners;

import dev.recordmetric.common.InvocationLog;
import dev.recordmetric.common.JsonStreams;
import dev.recordmetric.common.GitHubRateLimit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import dev.recordmetric.jobevents.DemandCursor;
import dev.recordmetric.jobevents.JobStatus;
import dev.recordmetric.jobevents.LedgerJob;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * For Lambda SnapStart: before the snapshot, runs the every-invocation code that needs no network
 * (parse a runner page, render the state output and the log line) on made-up data, so a restored
 * instance starts with those classes loaded and initialised. No token, secret or real response is
 * involved, so none is captured. On a JVM without CRaC support the registration does nothing.
 */
final class CheckpointPriming implements Resource {

    private static final String SAMPLE_PAGE = "{\"total_count\":2,\"runners\":["
            + "{\"id\":1,\"name\":\"priming-1\",\"os\":\"Linux\",\"status\":\"online\",\"busy\":true,"
            + "\"labels\":[{\"id\":1,\"name\":\"self-hosted\",\"type\":\"read-only\"},"
            + "{\"id\":2,\"name\":\"%1$s\",\"type\":\"custom\"}]},"
            + "{\"id\":2,\"name\":\"priming-2\",\"os\":\"Linux\",\"status\":\"offline\",\"busy\":false,"
            + "\"labels\":[{\"id\":2,\"name\":\"%1$s\",\"type\":\"custom\"}]}]}";

    private final ListRunnersConfig config;
    /** With the job ledger on, the pools' job labels: the demand's code is primed too; null otherwise. */
    private final List<List<String>> jobLabels;

    private CheckpointPriming(ListRunnersConfig config, List<List<String>> jobLabels) {
        this.config = config;
        this.jobLabels = jobLabels;
    }

    /** Registers priming for this handler's configuration; keep the returned reference (contexts may hold it weakly). */
    static CheckpointPriming register(ListRunnersConfig config) {
        return register(config, null);
    }

    /** @param jobLabels with the job ledger on, the pools' job labels (the demand's code is primed too); else null */
    static CheckpointPriming register(ListRunnersConfig config, List<List<String>> jobLabels) {
        var priming = new CheckpointPriming(config, jobLabels);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    /**
     * Runs the invocation's offline code once on made-up data. Also called by the handler's
     * constructor, so that without SnapStart too the first invocation finds these classes loaded.
     */
    void prime() {
        try {
            String label = config.labels().get(0);
            byte[] page = SAMPLE_PAGE.formatted(label).getBytes(StandardCharsets.UTF_8);
            RunnerPage parsed = RunnerPage.parse(new ByteArrayInputStream(page), RunnerPage.labelIndex(config.labels()));
            var listing = new Listing(parsed.labelled(), parsed.runnersOnPage(), 1, 1, 1, GitHubRateLimit.NONE,
                    Instant.EPOCH);
            JsonStreams.write(ObservationOutput.render(config, listing, "priming"), OutputStream.nullOutputStream());
            if (jobLabels != null) {
                List<LedgerJob> queued = List.of(primingJob(1, JobStatus.QUEUED, null), primingJob(2, JobStatus.QUEUED, null));
                List<LedgerJob> running = List.of(primingJob(3, JobStatus.IN_PROGRESS, "priming-1"));
                Demand demand = Demand.compute(config.pools(), listing.runners(), jobLabels, queued, running, DemandCursor.NONE,
                        Instant.EPOCH.plusSeconds(120));
                Listing corrected = listing.withRunners(demand.runners());
                JsonStreams.write(ObservationOutput.render(config, corrected,
                        RunnerCounts.perPool(corrected.runners(), config.pools().size()), "priming", demand),
                        OutputStream.nullOutputStream());
            }
            new InvocationLog("ListRunners").put("organization", config.organization()).put("pages", 1).succeeded(InvocationLog.DISCARD);
        } catch (IOException e) {
            throw new UncheckedIOException("priming on made-up data failed", e);
        }
    }

    private static LedgerJob primingJob(long id, JobStatus status, String runner) {
        return new LedgerJob(id, 1, 1, "priming/priming", "priming", "priming", "main", List.of("self-hosted"), status, null,
                "1970-01-01T00:00:00Z", runner == null ? null : "1970-01-01T00:01:00Z", null, runner == null ? null : 1L,
                runner, null, null, null);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: clients and configuration stay valid across a restore.
    }
}
