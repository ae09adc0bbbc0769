package dev.recordmetric.fakes;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One webhook of the fake GitHub, an organization's or a GitHub App's, subscribed to
 * {@code workflow_job}: every job transition of its organization becomes a delivery POSTed to its URL
 * ({@link WebhookSender}) and recorded, as GitHub records each delivery under the hook's "Recent
 * deliveries". A fraction of deliveries, chosen at random with a fixed seed, is dropped: recorded as
 * failed and not sent, as GitHub records a delivery its receiver did not answer in time or answered
 * 5xx. GitHub never redelivers on its own ("Handling failed webhook deliveries"); a
 * {@link #redeliver} (the {@code POST .../deliveries/{id}/attempts} endpoints) sends the original
 * body again under the same GUID as a new delivery with {@code redelivery: true}, which may be
 * dropped too. Thread-safe.
 */
public final class FakeHook {

    /** The status the fake records for a dropped delivery: half as a timeout, half as a 503. */
    static final String TIMED_OUT = "timed out";

    private final long hookId;
    private final String organization;
    private final long organizationId;
    private final Long appId;
    private final Long installationId;
    private final URI url;
    private final byte[] secret;
    private final Supplier<Instant> clock;
    private final String apiUrl;
    private final List<HookDelivery> deliveries = new ArrayList<>();
    private final AtomicLong nextDeliveryId;
    private double dropFraction;
    private Random random = new Random(0);
    private long dropped;

    FakeHook(long hookId, String organization, long organizationId, Long appId, Long installationId, URI url, byte[] secret,
            Supplier<Instant> clock, String apiUrl) {
        this.hookId = hookId;
        this.organization = organization;
        this.organizationId = organizationId;
        this.appId = appId;
        this.installationId = installationId;
        this.url = url;
        this.secret = secret.clone();
        this.clock = clock;
        this.apiUrl = apiUrl;
        this.nextDeliveryId = new AtomicLong(90_000_000_000L + hookId * 1_000_000L);
    }

    public long hookId() {
        return hookId;
    }

    /** The App's id, or null for an organization's hook. */
    public Long appId() {
        return appId;
    }

    public String organization() {
        return organization;
    }

    /** Drops this fraction (0 to 1) of the coming deliveries, chosen by a {@link Random} seeded with {@code seed}. */
    public synchronized FakeHook dropping(double fraction, long seed) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("a fraction from 0 to 1, not " + fraction);
        }
        this.dropFraction = fraction;
        this.random = new Random(seed);
        return this;
    }

    /** Every delivery recorded, newest first. */
    public synchronized List<HookDelivery> deliveries() {
        List<HookDelivery> newestFirst = new ArrayList<>(deliveries);
        newestFirst.sort(Comparator.comparingLong(HookDelivery::id).reversed());
        return newestFirst;
    }

    /** How many deliveries were dropped (recorded failed, not sent). */
    public synchronized long dropped() {
        return dropped;
    }

    /** Delivers {@code transition} if it is of this hook's organization. */
    void accept(FakeJobs.Transition transition) {
        if (transition.job().owner().equalsIgnoreCase(organization)) {
            String body = JobJson.payload(transition.action(), transition.job(), organizationId, installationId, apiUrl);
            deliver(UUID.randomUUID().toString(), false, transition.action(), transition.job().repositoryId(), body);
        }
    }

    /**
     * Sends the delivery {@code deliveryId} again, as a new delivery with the same GUID and body.
     * (GitHub answers 202 and delivers later; the fake delivers before it answers.)
     */
    Optional<HookDelivery> redeliver(long deliveryId) {
        HookDelivery original;
        synchronized (this) {
            original = deliveries.stream().filter(delivery -> delivery.id() == deliveryId).findFirst().orElse(null);
        }
        if (original == null) {
            return Optional.empty();
        }
        return Optional.of(deliver(original.guid(), true, original.action(), original.repositoryId(), original.body()));
    }

    synchronized Optional<HookDelivery> delivery(long deliveryId) {
        return deliveries.stream().filter(delivery -> delivery.id() == deliveryId).findFirst();
    }

    /** A page of deliveries, newest first, from the one {@code cursor} names (the newest when null). */
    synchronized Page page(String cursor, int perPage, Boolean redelivery) {
        Long from = cursor == null ? null : cursorId(cursor);
        List<HookDelivery> listed = deliveries().stream()
                .filter(delivery -> from == null || delivery.id() <= from)
                .filter(delivery -> redelivery == null || delivery.redelivery() == redelivery)
                .toList();
        List<HookDelivery> page = listed.subList(0, Math.min(perPage, listed.size()));
        String next = listed.size() > perPage ? cursorOf(listed.get(perPage).id()) : null;
        return new Page(page, next);
    }

    record Page(List<HookDelivery> deliveries, String nextCursor) {
    }

    /** GitHub's cursors are opaque; the fake's name the delivery a page starts at. */
    static String cursorOf(long deliveryId) {
        return "v1_" + deliveryId;
    }

    static Long cursorId(String cursor) {
        try {
            return cursor.startsWith("v1_") ? Long.parseLong(cursor.substring(3)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private HookDelivery deliver(String guid, boolean redelivery, String action, Long repositoryId, String body) {
        boolean drop;
        boolean asTimeout;
        synchronized (this) {
            drop = random.nextDouble() < dropFraction;
            asTimeout = random.nextBoolean();
            if (drop) {
                dropped++;
            }
        }
        long id = nextDeliveryId.incrementAndGet();
        Instant at = clock.get();
        int status;
        double seconds;
        if (drop) {
            status = asTimeout ? 0 : 503;
            seconds = asTimeout ? WebhookSender.TIMEOUT.toMillis() / 1000.0 : 0.05;
        } else {
            WebhookSender.Outcome outcome = WebhookSender.post(url, headers(guid), secret, body);
            status = outcome.statusCode();
            seconds = outcome.took().toNanos() / 1e9;
        }
        String description = status / 100 == 2 ? "OK" : status == 0 ? TIMED_OUT : "Invalid HTTP Response: " + status;
        HookDelivery delivery = new HookDelivery(id, guid, at, redelivery, seconds, description, status, "workflow_job",
                action, installationId, repositoryId, null, body);
        synchronized (this) {
            deliveries.add(delivery);
        }
        return delivery;
    }

    private Map<String, String> headers(String guid) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-GitHub-Event", "workflow_job");
        headers.put("X-GitHub-Delivery", guid);
        headers.put("X-GitHub-Hook-ID", Long.toString(hookId));
        headers.put("X-GitHub-Hook-Installation-Target-Type", appId == null ? "organization" : "integration");
        headers.put("X-GitHub-Hook-Installation-Target-ID", Long.toString(appId == null ? organizationId : appId));
        return headers;
    }
}
