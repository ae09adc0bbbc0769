package dev.recordmetric.jobevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.errors.InvalidConfigurationException;
import dev.recordmetric.fakes.AppJwts;
import dev.recordmetric.fakes.FakeHook;
import dev.recordmetric.fakes.Fault;
import dev.recordmetric.fakes.HookDelivery;
import dev.recordmetric.fakes.RecordedRequest;
import dev.recordmetric.fakes.TestKeys;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The redeliver repair against the fake GitHub's hook deliveries and moto's DynamoDB (the cursor). */
class RedeliveryTest {

    private final RepairFixture world = new RepairFixture();
    private final String orgHook = "organization:" + RepairFixture.HOOK_ID;

    RedeliveryTest() throws IOException {
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private FakeHook hook() {
        return world.github.organizationHook("acme", RepairFixture.HOOK_ID, world.receiverUrl(), RepairFixture.SECRET);
    }

    private void queueJobs(int count) {
        for (int i = 0; i < count; i++) {
            world.github.jobs().queue("acme/web", List.of("self-hosted", "linux"));
        }
    }

    private JsonNode redeliver(RepairJobLedgerHandler handler) throws IOException {
        return world.invoke(handler, "redeliver", RepairFixture.PAT, null, null);
    }

    private long posts() {
        return world.github.requests().stream().filter(request -> request.method().equals("POST")).count();
    }

    @Test
    void redeliver_looksAtEachDeliveryOnceAcrossRuns_andRedeliversEachFailedOneOnce() throws IOException {
        FakeHook hook = hook().dropping(0.2, 3);
        queueJobs(40);
        long failed = hook.deliveries().stream().filter(delivery -> !delivery.succeeded()).count();
        var handler = world.handler(world.env(orgHook));

        JsonNode first = redeliver(handler);
        JsonNode second = redeliver(handler);
        JsonNode third = redeliver(handler);

        assertThat(failed).isPositive();
        assertThat(first.path("deliveriesExamined").asInt()).isEqualTo(40);
        assertThat(first.path("failedDeliveries").asInt()).isEqualTo((int) failed);
        assertThat(first.path("redeliveriesRequested").asInt()).isEqualTo((int) failed);
        // The second run sees only the redeliveries the first asked for (some of which failed too: never asked again).
        assertThat(second.path("deliveriesExamined").asInt()).isEqualTo((int) failed);
        assertThat(second.path("redeliveriesRequested").asInt()).isZero();
        assertThat(third.path("deliveriesExamined").asInt()).isZero();
        assertThat(third.path("redeliveriesRequested").asInt()).isZero();
        assertRedeliveredOnceEach(hook);
        queueJobs(5);
        assertThat(redeliver(handler).path("deliveriesExamined").asInt()).isEqualTo(5);
    }

    @Test
    void redeliver_whenRedeliveriesFailToo_neverAsksTwiceForOneDelivery() throws IOException {
        FakeHook hook = hook().dropping(1.0, 1);
        queueJobs(6);
        var handler = world.handler(world.env(orgHook));

        JsonNode first = redeliver(handler);
        JsonNode second = redeliver(handler);

        assertThat(first.path("redeliveriesRequested").asInt()).isEqualTo(6);
        assertThat(second.path("failedDeliveries").asInt()).isEqualTo(6);
        assertThat(second.path("redeliveriesRequested").asInt()).isZero();
        assertThat(posts()).isEqualTo(6);
        assertRedeliveredOnceEach(hook);
    }

    @Test
    void redeliver_respectsItsBoundsPerRun_andFinishesTheSweepOverLaterRuns() throws IOException {
        FakeHook hook = hook().dropping(1.0, 5);
        queueJobs(250);
        hook.dropping(0, 5);
        Map<String, String> env = world.env(orgHook);
        env.put("REDELIVERY_PAGES_PER_RUN", "1");
        env.put("REDELIVERIES_PER_RUN", "30");
        var handler = world.handler(env);

        int runs = 0;
        int requested = 0;
        JsonNode run;
        do {
            world.github.resetRequests();
            run = redeliver(handler);
            runs++;
            requested += run.path("redeliveriesRequested").asInt();
            long lists = world.github.requests().stream().filter(request -> request.method().equals("GET")).count();
            assertThat(lists).as("pages listed in run %d", runs).isLessThanOrEqualTo(1);
            assertThat(run.path("redeliveriesRequested").asInt()).as("redeliveries in run %d", runs).isLessThanOrEqualTo(30);
        } while (run.path("sweepUnfinished").asBoolean() && runs < 30);

        assertThat(requested).isEqualTo(250);
        assertThat(runs).isBetween(9, 12);
        assertThat(world.received.get()).isEqualTo(250);
        assertRedeliveredOnceEach(hook);
        long newestOriginal = hook.deliveries().stream().filter(delivery -> !delivery.redelivery())
                .mapToLong(HookDelivery::id).max().orElseThrow();
        assertThat(run.path("cursor").asLong()).isEqualTo(newestOriginal);
    }

    @Test
    void redeliver_onTheFirstRun_looksBackOneHourOnly() throws IOException {
        FakeHook hook = hook().dropping(1.0, 1);
        queueJobs(3);
        world.clock.advance(Duration.ofMinutes(90));
        queueJobs(2);

        JsonNode first = redeliver(world.handler(world.env(orgHook)));

        assertThat(first.path("deliveriesExamined").asInt()).isEqualTo(2);
        assertThat(first.path("redeliveriesRequested").asInt()).isEqualTo(2);
        assertThat(hook.deliveries()).hasSize(7);
    }

    @Test
    void redeliver_whenNoHookIsConfigured_sendsNothing() throws IOException {
        hook().dropping(1.0, 1);
        queueJobs(3);
        world.github.resetRequests();

        JsonNode output = redeliver(world.handler(world.env("")));

        assertThat(output.path("redeliveriesRequested").asInt()).isZero();
        assertThat(output.path("deliveriesExamined").asInt()).isZero();
        assertThat(world.github.requests()).isEmpty();
    }

    @Test
    void redeliver_theAppsHook_withTheAppsJwt() throws IOException {
        var keys = TestKeys.rsaKeyPair();
        world.github.registerApp(99, "Iv23liRepairs", keys.getPublic()).installApp(99, "acme", 555);
        FakeHook hook = world.github.appHook(99, 8, "acme", 555, world.receiverUrl(), RepairFixture.SECRET).dropping(1.0, 2);
        queueJobs(4);
        hook.dropping(0, 2);
        String jwt = AppJwts.valid(keys.getPrivate(), 99, world.clock.instant());

        JsonNode output = world.invoke(world.handler(world.env("app")), "redeliver", "ghs_unusedForTheAppHook0123456789abcd", jwt, null);

        assertThat(output.path("redeliveriesRequested").asInt()).isEqualTo(4);
        assertThat(world.github.requests()).filteredOn(request -> request.path().startsWith("/app/hook/deliveries"))
                .allSatisfy(request -> assertThat(request.header("Authorization")).hasValue("Bearer " + jwt));
        assertThat(world.received.get()).isEqualTo(4);
    }

    @Test
    void redeliver_theAppsHook_withoutTheJwt_failsNamingTheFix() {
        var handler = world.handler(world.env("app"));

        assertThatThrownBy(() -> redeliver(handler)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sealedAppJwt").hasMessageContaining("appJwt");
    }

    @Test
    void redeliver_whenRateLimitedMidRun_answersTheWait_andTheNextRunGoesOnWhereItStopped() throws IOException {
        FakeHook hook = hook().dropping(1.0, 4);
        queueJobs(5);
        hook.dropping(0, 4);
        var handler = world.handler(world.env(orgHook));
        long second = hook.deliveries().get(1).id();
        world.github.faults().nextOn("/orgs/acme/hooks/" + RepairFixture.HOOK_ID + "/deliveries/" + second + "/attempts",
                Fault.secondaryRateLimit(403, Duration.ofSeconds(20)));

        JsonNode limited = redeliver(handler);
        world.github.resetRequests();
        world.clock.advance(Duration.ofSeconds(30));
        JsonNode next = redeliver(handler);

        assertThat(limited.path("rateLimit").path("waitSeconds").asLong()).isBetween(20L, 21L);
        assertThat(next.path("redeliveriesRequested").asInt()).isEqualTo(4);
        assertThat(world.received.get()).isEqualTo(5);
        assertRedeliveredOnceEach(hook);
    }

    /** Each original delivery has at most one redelivery request, and every failed one exactly one. */
    private void assertRedeliveredOnceEach(FakeHook hook) {
        Map<String, Long> attemptsByPath = world.github.requests().stream()
                .filter(request -> request.method().equals("POST"))
                .map(RecordedRequest::path)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(attemptsByPath.values()).allMatch(count -> count == 1);
        List<HookDelivery> failedOriginals = hook.deliveries().stream()
                .filter(delivery -> !delivery.redelivery() && !delivery.succeeded()).toList();
        Map<String, Long> redeliveriesByGuid = hook.deliveries().stream().filter(HookDelivery::redelivery)
                .collect(Collectors.groupingBy(HookDelivery::guid, Collectors.counting()));
        assertThat(redeliveriesByGuid.values()).allMatch(count -> count == 1);
        assertThat(redeliveriesByGuid.keySet())
                .containsExactlyInAnyOrderElementsOf(failedOriginals.stream().map(HookDelivery::guid).toList());
    }
}
