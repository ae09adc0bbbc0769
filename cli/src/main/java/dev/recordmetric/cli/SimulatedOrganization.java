package dev.recordmetric.cli;

import dev.recordmetric.fakes.FakeJob;
import dev.recordmetric.fakes.FakeJobs;
import dev.recordmetric.fakes.FakeOrganization;
import dev.recordmetric.fakes.FakeRunner;
import dev.recordmetric.local.FakeBackends;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The embedded organization {@code record-metric run} watches by default: runners on the fake
 * GitHub that pick up and finish jobs between runs, sometimes go offline and are removed, while new
 * ones register. Each simulated pool has runners of its own label ({@code installation_id:<id>});
 * a few runners of another installation carry a different label and are never counted. The same
 * seed gives the same story.
 *
 * <p>With {@link FakeJobs} (the fake GitHub's workflow jobs), busy means running a job: jobs are
 * queued with a pool's labels, an idle online runner of that pool picks the oldest queued one up (the
 * job goes {@code in_progress}, the runner busy in the runner listing), and completes it later (the
 * runner idle again); each change is a {@code workflow_job} delivery of the fake's webhooks. Jobs
 * no runner is free for stay queued: the demand the runner counts cannot see. Without jobs, busy
 * runners turn idle and back at random.
 */
final class SimulatedOrganization {

    static final String ORGANIZATION = "example-org";
    static final String REPOSITORY = ORGANIZATION + "/app";
    static final String INSTALLATION_ID = "demo";
    static final String OTHER_INSTALLATION_ID = "staging";
    static final long RUNNER_GROUP_ID = 1;
    static final String RUNNER_GROUP_NAME = "Default";
    private static final int INITIAL_RUNNERS = 9;
    private static final int MAX_RUNNERS = 16;

    private final FakeOrganization organization;
    private final FakeJobs jobs;
    private final SplittableRandom random;
    /** Installation id to the prefix of its runners' names. */
    private final Map<String, String> pools = new LinkedHashMap<>();
    private final Map<String, Integer> nextNumber = new LinkedHashMap<>();
    /** Runner id to the job it runs. */
    private final Map<Long, Long> running = new LinkedHashMap<>();
    private long nextId = 1001;
    private final SimulatedDemand demand;
    private final BusyFlagLag flags;
    /** The burst's pool (installation id): its runners stay, no job arrives at random; null without a burst. */
    private final String burstPool;
    /** Draws for {@link #arriveBetweenRuns}, apart from {@link #random} so that runs without a wait are as before. */
    private final SplittableRandom arrivals;
    private boolean arrivedSinceAdvance;

    /** One pool, labelled {@code installation_id:demo}, runners named {@code runner-NN}, without jobs. */
    SimulatedOrganization(FakeOrganization organization, long seed) {
        this(organization, null, seed, Map.of(FakeBackends.DEFAULT_ASG_NAME, INSTALLATION_ID));
    }

    /**
     * @param jobs the fake GitHub's jobs, or null for runners turning busy without jobs
     * @param pools Auto Scaling group name to installation id; with more than one pool, each pool's
     *     runners are named after its group ({@code <group>-NN})
     */
    SimulatedOrganization(FakeOrganization organization, FakeJobs jobs, long seed, Map<String, String> pools) {
        this(organization, jobs, seed, pools, SimulatedDemand.NONE);
    }

    /** As above, with a burst of jobs and/or a lagging busy flag ({@code demand}; both need {@code jobs}). */
    SimulatedOrganization(FakeOrganization organization, FakeJobs jobs, long seed, Map<String, String> pools, SimulatedDemand demand) {
        if (jobs == null && !demand.equals(SimulatedDemand.NONE)) {
            throw new IllegalArgumentException("a burst or a busy-flag lag needs jobs");
        }
        this.organization = organization;
        this.jobs = jobs;
        this.random = new SplittableRandom(seed);
        this.arrivals = new SplittableRandom(~seed);
        this.demand = demand;
        this.flags = new BusyFlagLag(demand.busyFlagLag(), java.time.Instant::now);
        pools.forEach((asgName, installationId) -> {
            this.pools.put(installationId, pools.size() == 1 ? "runner" : asgName);
            nextNumber.put(installationId, 1);
        });
        this.burstPool = demand.burst() > 0 ? this.pools.keySet().iterator().next() : null;
        List<FakeRunner> runners = new ArrayList<>();
        for (String installationId : this.pools.keySet()) {
            if (installationId.equals(burstPool)) {
                for (int i = 0; i < SimulatedDemand.BURST_IN_SERVICE; i++) {
                    runners.add(newRunner(installationId));
                }
                continue;
            }
            for (int i = 0; i < INITIAL_RUNNERS; i++) {
                int roll = random.nextInt(10);
                FakeRunner runner = newRunner(installationId);
                runners.add(roll < 4 ? startJob(runner, installationId) : roll < 9 ? runner : runner.withStatus("offline"));
            }
        }
        runners.add(new FakeRunner(9001, "staging-runner-1", "Linux", "online", true, labels(OTHER_INSTALLATION_ID)));
        runners.add(new FakeRunner(9002, "staging-runner-2", "Linux", "online", false, labels(OTHER_INSTALLATION_ID)));
        if (burstPool != null) {
            for (int i = 0; i < demand.burst(); i++) {
                jobs.queue(REPOSITORY, labels(burstPool));
            }
            assignQueuedJobs(runners);
        }
        organization.setRunners(runners);
    }

    /** Time passes between two runs: jobs are queued, start and finish, runners leave and register. */
    void advance() {
        List<FakeRunner> next = new ArrayList<>();
        for (FakeRunner runner : organization.runners()) {
            if (runner.name().startsWith("staging-")) {
                next.add(runner);
                continue;
            }
            boolean still = burstPool != null && runner.labels().contains("installation_id:" + burstPool);
            if (!runner.online()) {
                if (still || random.nextInt(100) >= 50) {
                    next.add(runner); // an offline runner is deregistered after a while
                }
                continue;
            }
            int roll = random.nextInt(100);
            if (running(runner)) {
                next.add(roll < 45 ? finishJob(runner) : runner);
            } else if (roll < 8 && !still) {
                next.add(runner.withStatus("offline"));
            } else if (jobs == null) {
                next.add(roll < 55 ? runner.withBusy(true) : runner);
            } else {
                next.add(runner);
            }
        }
        for (String installationId : pools.keySet()) {
            if (installationId.equals(burstPool)) {
                continue;
            }
            int arriving = random.nextInt(100) < 60 ? 1 + random.nextInt(2) : 0;
            for (int i = 0; i < arriving && countOf(next, installationId) < MAX_RUNNERS; i++) {
                next.add(newRunner(installationId));
            }
        }
        if (jobs != null) {
            for (String installationId : arrivedSinceAdvance ? List.<String>of() : pools.keySet()) {
                if (installationId.equals(burstPool)) {
                    continue;
                }
                int queued = random.nextInt(4);
                for (int i = 0; i < queued; i++) {
                    jobs.queue(REPOSITORY, labels(installationId));
                }
            }
            arrivedSinceAdvance = false;
            assignQueuedJobs(next);
            next.replaceAll(runner -> running.containsKey(runner.id()) ? runner.withBusy(flags.flag(runner.id())) : runner);
        }
        organization.setRunners(next);
    }

    /**
     * Jobs arrive now, between two runs (as they do on GitHub, at any moment), instead of just before
     * the next run: 0 to 3 per pool (the burst's too, whose queue they join), queued for the next
     * {@link #advance} to hand out.
     */
    void arriveBetweenRuns() {
        if (jobs == null) {
            return;
        }
        for (String installationId : pools.keySet()) {
            int queued = arrivals.nextInt(4);
            for (int i = 0; i < queued; i++) {
                jobs.queue(REPOSITORY, labels(installationId));
            }
        }
        arrivedSinceAdvance = true;
    }

    /** A moment in {@code [0, bound)} milliseconds for {@link #arriveBetweenRuns}. */
    long arrivalOffsetMillis(long bound) {
        return bound <= 0 ? 0 : arrivals.nextLong(bound);
    }

    /** Running a job: by the jobs when there are jobs (the busy flag may lag), by the flag without. */
    private boolean running(FakeRunner runner) {
        return jobs != null ? running.containsKey(runner.id()) : runner.busy();
    }

    /** The names of the runners running a job whose busy flag still says idle (the lag), by pool label. */
    Map<String, List<String>> flagLagging() {
        Map<String, List<String>> lagging = new LinkedHashMap<>();
        for (FakeRunner runner : organization.runners()) {
            if (flags.lagging(runner.id())) {
                String label = runner.labels().stream().filter(l -> l.startsWith("installation_id:")).findFirst().orElse("");
                lagging.computeIfAbsent(label, key -> new ArrayList<>()).add(runner.name());
            }
        }
        return lagging;
    }

    /** Each pool's job labels (the labels its jobs ask for), for ListRunners' {@code POOL_JOB_LABELS}: Auto Scaling group to labels. */
    static Map<String, List<String>> jobLabels(Map<String, String> pools) {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        pools.forEach((asgName, installationId) -> labels.put(asgName, labels(installationId)));
        return labels;
    }

    /** The oldest queued job of each runner's pool goes to each idle online runner, while any is left. */
    private void assignQueuedJobs(List<FakeRunner> runners) {
        for (int i = 0; i < runners.size(); i++) {
            FakeRunner runner = runners.get(i);
            if (!runner.online() || running(runner) || runner.name().startsWith("staging-")) {
                continue;
            }
            String label = runner.labels().stream().filter(l -> l.startsWith("installation_id:")).findFirst().orElse("");
            FakeJob queued = jobs.jobs().stream()
                    .filter(job -> job.status().equals("queued") && job.labels().contains(label))
                    .findFirst().orElse(null);
            if (queued != null) {
                jobs.start(queued.id(), runner.id(), runner.name(), RUNNER_GROUP_ID, RUNNER_GROUP_NAME);
                running.put(runner.id(), queued.id());
                flags.started(runner.id());
                runners.set(i, runner.withBusy(flags.flag(runner.id())));
            }
        }
    }

    /** A runner at the start: busy with a job of its pool (queued and started at once), or busy alone without jobs. */
    private FakeRunner startJob(FakeRunner runner, String installationId) {
        if (jobs != null) {
            FakeJob job = jobs.queue(REPOSITORY, labels(installationId));
            jobs.start(job.id(), runner.id(), runner.name(), RUNNER_GROUP_ID, RUNNER_GROUP_NAME);
            running.put(runner.id(), job.id());
            flags.started(runner.id());
            return runner.withBusy(flags.flag(runner.id()));
        }
        return runner.withBusy(true);
    }

    private FakeRunner finishJob(FakeRunner runner) {
        Long job = running.remove(runner.id());
        flags.finished(runner.id());
        if (job != null) {
            jobs.complete(job, random.nextInt(10) == 0 ? "failure" : "success");
        }
        return runner.withBusy(false);
    }

    private static int countOf(List<FakeRunner> runners, String installationId) {
        String label = "installation_id:" + installationId;
        return (int) runners.stream().filter(r -> r.labels().contains(label)).count();
    }

    private FakeRunner newRunner(String installationId) {
        int number = nextNumber.merge(installationId, 1, Integer::sum) - 1;
        String name = pools.get(installationId) + "-%02d".formatted(number);
        return FakeRunner.idle(nextId++, name, labels(installationId).toArray(String[]::new));
    }

    private static List<String> labels(String installationId) {
        return List.of("self-hosted", "Linux", "X64", "installation_id:" + installationId);
    }
}
