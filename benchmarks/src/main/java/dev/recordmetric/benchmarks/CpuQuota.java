package dev.recordmetric.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU quotas for probe JVMs, one Linux cgroup per Lambda memory size: Lambda gives a function CPU in
 * proportion to its memory, one vCPU at 1,769 MB ("Lambda memory and computing power",
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html), so 256 MB gets
 * 256/1,769 of a CPU: a quota of 14,471 µs per 100,000 µs period. Only the probe process is placed
 * in a group; the fakes keep running unthrottled in this JVM. Uses the controller the machine has:
 * cgroup v2 ({@code cpu.max}) or v1 ({@code cpu.cfs_quota_us} and {@code cpu.cfs_period_us}). Needs
 * root; where no group can be made, {@link #unavailable} says why and callers measure unthrottled.
 */
final class CpuQuota implements AutoCloseable {

    static final long PERIOD_US = 100_000;
    private static final Path V2_ROOT = Path.of("/sys/fs/cgroup");
    private static final List<Path> V1_ROOTS = List.of(Path.of("/sys/fs/cgroup/cpu"), Path.of("/sys/fs/cgroup/cpu,cpuacct"));

    /** One group: the CPU share of {@code memoryMb} on Lambda. */
    record Group(int memoryMb, Path dir, long quotaUs) {
        Path procs() {
            return dir.resolve("cgroup.procs");
        }
    }

    private final String controller;
    private final Path root;
    private final String unavailable;
    private final Map<Integer, Group> groups = new LinkedHashMap<>();

    private CpuQuota(String controller, Path root, String unavailable) {
        this.controller = controller;
        this.root = root;
        this.unavailable = unavailable;
    }

    /** Finds a CPU controller and checks that a group can be made in it (made and removed at once). */
    static CpuQuota detect() {
        CpuQuota quota = find();
        if (quota.unavailable == null) {
            try {
                quota.group(Costs.VCPU_MB);
            } catch (IOException | RuntimeException e) {
                quota.close();
                return new CpuQuota(quota.controller, quota.root, "cannot create a cgroup under " + quota.root + " ("
                        + e.getMessage() + "; it needs root)");
            }
        }
        return quota;
    }

    private static CpuQuota find() {
        try {
            Path controllers = V2_ROOT.resolve("cgroup.controllers");
            if (Files.isRegularFile(controllers) && List.of(Files.readString(controllers).trim().split("\\s+")).contains("cpu")) {
                return new CpuQuota("cgroup v2 (cpu.max)", V2_ROOT, null);
            }
        } catch (IOException ignored) {
            // fall through to v1
        }
        for (Path v1 : V1_ROOTS) {
            if (Files.isRegularFile(v1.resolve("cpu.cfs_quota_us"))) {
                return new CpuQuota("cgroup v1 (cpu.cfs_quota_us / cpu.cfs_period_us)", v1, null);
            }
        }
        return new CpuQuota("none", null, "no CPU controller: neither " + V2_ROOT.resolve("cgroup.controllers")
                + " with cpu nor " + V1_ROOTS.get(0) + "/cpu.cfs_quota_us");
    }

    /** Why no quota can be applied, or empty when it can. */
    Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    String controller() {
        return controller;
    }

    /** The quota in µs per {@link #PERIOD_US} for a memory size: memory / 1,769 of one CPU. */
    static long quotaUs(int memoryMb) {
        return Math.round(PERIOD_US * (double) memoryMb / Costs.VCPU_MB);
    }

    /** The group for a memory size, made on first use; empty when quotas are unavailable. */
    synchronized Optional<Group> group(int memoryMb) throws IOException {
        if (unavailable != null) {
            return Optional.empty();
        }
        Group existing = groups.get(memoryMb);
        if (existing != null) {
            return Optional.of(existing);
        }
        Path dir = root.resolve("record-metric-bench-" + ProcessHandle.current().pid() + "-" + memoryMb + "mb");
        Files.createDirectories(dir);
        var group = new Group(memoryMb, dir, quotaUs(memoryMb));
        groups.put(memoryMb, group);
        if (root.equals(V2_ROOT)) {
            String subtree = Files.readString(root.resolve("cgroup.subtree_control"));
            if (!List.of(subtree.trim().split("\\s+")).contains("cpu")) {
                Files.writeString(root.resolve("cgroup.subtree_control"), "+cpu");
            }
            Files.writeString(dir.resolve("cpu.max"), group.quotaUs() + " " + PERIOD_US);
        } else {
            Files.writeString(dir.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
            Files.writeString(dir.resolve("cpu.cfs_quota_us"), Long.toString(group.quotaUs()));
        }
        return Optional.of(group);
    }

    /**
     * The command started through {@code sh}, which moves itself into the group and then becomes
     * the JVM ({@code exec}): the JVM runs in the group from its first instruction, race-free.
     */
    static List<String> startInside(Group group, List<String> command) {
        var wrapped = new ArrayList<String>(List.of("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", group.procs().toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Moves a running process, all its threads, into the group. */
    static void move(long pid, Group group) {
        try {
            Files.writeString(group.procs(), Long.toString(pid));
        } catch (IOException e) {
            throw new IllegalStateException("cannot move process " + pid + " into " + group.dir(), e);
        }
    }

    /** Removes the groups; each must be empty by then (its probes have exited). */
    @Override
    public synchronized void close() {
        for (Group group : groups.values()) {
            for (int attempt = 0; attempt < 50; attempt++) {
                try {
                    Files.deleteIfExists(group.dir());
                    break;
                } catch (IOException e) {
                    // a probe that was just killed may still be leaving the group
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        groups.clear();
    }
}
