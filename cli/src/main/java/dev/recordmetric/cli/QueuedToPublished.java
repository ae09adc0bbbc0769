package dev.recordmetric.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.FakeJob;
import dev.recordmetric.fakes.HookDelivery;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 20's "time from a job's {@code queued} delivery to its appearance in a published
 * {@code QueuedJobs}", measured on the local run's clock: for each job whose {@code queued} delivery
 * the receiver accepted, the first run observing after it, if the job was still queued then (GitHub's
 * truth, the fake's jobs), counts it; the delay is that observation's time less the delivery's. Each
 * run also gives, per pool, how many jobs GitHub had queued at the observation, to hold the published
 * {@code QueuedJobs} against (with no delivery dropped they are equal).
 */
final class QueuedToPublished {

    /**
     * One run's figures.
     *
     * @param queuedInGitHub per pool (Auto Scaling group), GitHub's jobs queued at the observation
     * @param delays each job first counted by this run: its queued delivery to the observation
     * @param startedBeforeCounted jobs that started before any run could count them (picked up at once)
     */
    record Figures(Map<String, Integer> queuedInGitHub, List<Duration> delays, int startedBeforeCounted) {

        ObjectNode toJson() {
            ObjectNode json = Json.MAPPER.createObjectNode();
            ObjectNode truth = json.putObject("queuedInGitHub");
            queuedInGitHub.forEach(truth::put);
            var delayArray = json.putArray("queuedDeliveryToPublishedMs");
            delays.forEach(delay -> delayArray.add(delay.toMillis()));
            json.put("startedBeforeCounted", startedBeforeCounted);
            return json;
        }
    }

    /** Auto Scaling group to the label its jobs carry. */
    private final Map<String, String> poolLabels = new LinkedHashMap<>();
    private final Set<Long> done = new HashSet<>();
    /** Deliveries before this are not measured (null: all). */
    private Instant from;

    /** @param pools Auto Scaling group to installation id (the simulated pools) */
    QueuedToPublished(Map<String, String> pools) {
        pools.forEach((asgName, installationId) -> poolLabels.put(asgName, "installation_id:" + installationId));
    }

    /**
     * Measures only deliveries from {@code start} on: those before the first run (the burst, the jobs the
     * organization starts with) waited for the local engine to start, not for the schedule.
     */
    void measureFrom(Instant start) {
        this.from = start;
    }

    Figures observe(Instant observedAt, List<FakeJob> jobs, List<HookDelivery> deliveries) {
        Map<Long, Instant> queuedDelivered = new HashMap<>();
        for (HookDelivery delivery : deliveries) {
            if (delivery.succeeded() && "queued".equals(delivery.action())) {
                long id = jobId(delivery.body());
                queuedDelivered.merge(id, delivery.deliveredAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        Map<String, Integer> truth = new LinkedHashMap<>();
        poolLabels.keySet().forEach(asgName -> truth.put(asgName, 0));
        List<Duration> delays = new ArrayList<>();
        int startedFirst = 0;
        for (FakeJob job : jobs) {
            boolean queuedAtObservation = !job.createdAt().isAfter(observedAt)
                    && (job.startedAt() == null || job.startedAt().isAfter(observedAt));
            if (queuedAtObservation) {
                poolLabels.forEach((asgName, label) -> {
                    if (job.labels().contains(label)) {
                        truth.merge(asgName, 1, Integer::sum);
                    }
                });
            }
            Instant delivered = queuedDelivered.get(job.id());
            if (delivered == null || delivered.isAfter(observedAt) || !done.add(job.id())
                    || from != null && delivered.isBefore(from)) {
                continue;
            }
            if (queuedAtObservation) {
                delays.add(Duration.between(delivered, observedAt));
            } else {
                startedFirst++;
            }
        }
        return new Figures(truth, delays, startedFirst);
    }

    private static long jobId(String body) {
        try {
            JsonNode payload = Json.MAPPER.readTree(body);
            return payload.path("workflow_job").path("id").asLong();
        } catch (IOException e) {
            throw new IllegalStateException("the fake's delivery body is not JSON", e);
        }
    }
}
