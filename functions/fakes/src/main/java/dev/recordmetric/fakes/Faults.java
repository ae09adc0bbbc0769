package dev.recordmetric.fakes;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The queue of faults a {@link FakeGitHub} serves, each consumed by exactly one matching request,
 * in the order queued. Thread-safe.
 */
public final class Faults {

    private record Pending(String pathPrefix, Fault fault) {
    }

    private final List<Pending> pending = new ArrayList<>();

    Faults() {
    }

    /** Serves these faults to the next requests to any path (even {@code /rate_limit}), one each. */
    public Faults next(Fault... faults) {
        return nextOn("/", faults);
    }

    /**
     * Serves these faults to the next requests whose path (without the {@code /api/v3} prefix)
     * starts with {@code pathPrefix}, e.g. {@code /orgs/acme/actions/runners}.
     */
    public synchronized Faults nextOn(String pathPrefix, Fault... faults) {
        for (Fault fault : faults) {
            pending.add(new Pending(pathPrefix, fault));
        }
        return this;
    }

    /** Forgets every fault not yet served. */
    public synchronized void clear() {
        pending.clear();
    }

    /** How many queued faults are still to be served. */
    public synchronized int remaining() {
        return pending.size();
    }

    synchronized Optional<Fault> take(String path) {
        Iterator<Pending> it = pending.iterator();
        while (it.hasNext()) {
            Pending candidate = it.next();
            if (path.startsWith(candidate.pathPrefix())) {
                it.remove();
                return Optional.of(candidate.fault());
            }
        }
        return Optional.empty();
    }
}
