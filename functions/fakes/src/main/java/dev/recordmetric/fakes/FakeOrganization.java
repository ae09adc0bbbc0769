package dev.recordmetric.fakes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;

/**
 * An organization of the fake GitHub and its self-hosted runners, in listing order, each in one
 * runner group: {@link #DEFAULT_GROUP_ID} ("Default", where GitHub puts a runner registered without
 * a group) unless moved to another with {@link #moveToGroup}. Thread-safe.
 */
public final class FakeOrganization {

    /** The id GitHub gives an organization's "Default" runner group. */
    public static final long DEFAULT_GROUP_ID = 1;

    private final String login;
    private final long id;
    private final List<FakeRunner> runners = new ArrayList<>();
    private final Map<Long, String> groups = new LinkedHashMap<>(Map.of(DEFAULT_GROUP_ID, "Default"));
    private final Map<Long, Long> groupOfRunner = new HashMap<>();
    private volatile IntConsumer onPageServed = page -> { };
    private volatile int repeatAfterPage;

    FakeOrganization(String login, long id) {
        this.login = login;
        this.id = id;
    }

    public String login() {
        return login;
    }

    public long id() {
        return id;
    }

    public synchronized FakeOrganization addRunner(FakeRunner runner) {
        runners.add(runner);
        return this;
    }

    /** Adds {@code runner} at {@code index} of the listing, e.g. 0 to shift every runner one place. */
    public synchronized FakeOrganization insertRunner(int index, FakeRunner runner) {
        runners.add(index, runner);
        return this;
    }

    public synchronized FakeOrganization setRunners(List<FakeRunner> newRunners) {
        runners.clear();
        runners.addAll(newRunners);
        return this;
    }

    public synchronized List<FakeRunner> runners() {
        return List.copyOf(runners);
    }

    /** Adds a runner group (no runners yet); its runners are listed at {@code /orgs/{org}/actions/runner-groups/{id}/runners}. */
    public synchronized FakeOrganization addRunnerGroup(long groupId, String name) {
        groups.put(groupId, name);
        return this;
    }

    /** Moves these runners into the group {@code groupId}, which must exist. */
    public synchronized FakeOrganization moveToGroup(long groupId, long... runnerIds) {
        if (!groups.containsKey(groupId)) {
            throw new NoSuchElementException("organization " + login + " has no runner group " + groupId);
        }
        for (long runnerId : runnerIds) {
            groupOfRunner.put(runnerId, groupId);
        }
        return this;
    }

    synchronized boolean hasRunnerGroup(long groupId) {
        return groups.containsKey(groupId);
    }

    /** Removes the runner with this id; returns whether there was one. */
    public synchronized boolean removeRunner(long runnerId) {
        return runners.removeIf(runner -> runner.id() == runnerId);
    }

    /** Replaces the runner with this id by {@code change}'s result. */
    public synchronized FakeOrganization updateRunner(long runnerId, UnaryOperator<FakeRunner> change) {
        for (int i = 0; i < runners.size(); i++) {
            if (runners.get(i).id() == runnerId) {
                runners.set(i, change.apply(runners.get(i)));
                return this;
            }
        }
        throw new NoSuchElementException("organization " + login + " has no runner " + runnerId);
    }

    /**
     * Runs {@code hook} with the page number (1-based) after each runners page is rendered and
     * before it is sent, so a change made there shows on the next page the client asks for.
     */
    public FakeOrganization onPageServed(IntConsumer hook) {
        this.onPageServed = hook;
        return this;
    }

    /**
     * Makes the listing repeat the last runner of page {@code page} first on the next page, and
     * every later page start one runner earlier (0: off): as a GitHub whose offsets slip by one, the
     * last runner of a fleet that fills its last page is then on no page.
     */
    public FakeOrganization repeatLastRunnerAfterPage(int page) {
        this.repeatAfterPage = page;
        return this;
    }

    synchronized RunnerPage page(int page, int perPage) {
        int repeatAfter = repeatAfterPage;
        if (repeatAfter > 0 && page > repeatAfter) {
            int from = Math.min((page - 1) * perPage - 1, runners.size());
            return new RunnerPage(runners.size(), List.copyOf(runners.subList(from, Math.min(from + perPage, runners.size()))));
        }
        return slice(runners, page, perPage);
    }

    /** A page of the runners in group {@code groupId}, in listing order. */
    synchronized RunnerPage groupPage(long groupId, int page, int perPage) {
        List<FakeRunner> inGroup = runners.stream()
                .filter(runner -> groupOfRunner.getOrDefault(runner.id(), DEFAULT_GROUP_ID) == groupId)
                .toList();
        return slice(inGroup, page, perPage);
    }

    private static RunnerPage slice(List<FakeRunner> listed, int page, int perPage) {
        int from = Math.min((page - 1) * perPage, listed.size());
        int to = Math.min(from + perPage, listed.size());
        return new RunnerPage(listed.size(), List.copyOf(listed.subList(from, to)));
    }

    void pageServed(int page) {
        onPageServed.accept(page);
    }

    record RunnerPage(int totalCount, List<FakeRunner> runners) {
    }
}
