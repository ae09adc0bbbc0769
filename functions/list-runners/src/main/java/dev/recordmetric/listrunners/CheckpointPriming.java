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

    private CheckpointPriming(ListRunnersConfig config) {
        this.config = config;
    }

    /** Registers priming for this handler's configuration; keep the returned reference (contexts may hold it weakly). */
    static CheckpointPriming register(ListRunnersConfig config) {
        var priming = new CheckpointPriming(config);
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
            new InvocationLog("ListRunners").put("organization", config.organization()).put("pages", 1).succeeded(InvocationLog.DISCARD);
        } catch (IOException e) {
            throw new UncheckedIOException("priming on made-up data failed", e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: clients and configuration stay valid across a restore.
    }
}
