package dev.recordmetric.fakes;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;

/** An organization of the fake GitHub and its self-hosted runners, in listing order. Thread-safe. */
public final class FakeOrganization {

    private final String login;
    private final long id;
    private final List<FakeRunner> runners = new ArrayList<>();
    private volatile IntConsumer onPageServed = page -> { };

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

    synchronized RunnerPage page(int page, int perPage) {
        int from = Math.min((page - 1) * perPage, runners.size());
        int to = Math.min(from + perPage, runners.size());
        return new RunnerPage(runners.size(), List.copyOf(runners.subList(from, to)));
    }

    void pageServed(int page) {
        onPageServed.accept(page);
    }

    record RunnerPage(int totalCount, List<FakeRunner> runners) {
    }
}
