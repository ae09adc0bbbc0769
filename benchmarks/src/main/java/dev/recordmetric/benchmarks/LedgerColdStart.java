package dev.recordmetric.benchmarks;

import dev.recordmetric.fakes.FakeRunner;
import dev.recordmetric.jobevents.JobLedger;
import dev.recordmetric.jobevents.JobStatus;
import dev.recordmetric.jobevents.LedgerJob;
import dev.recordmetric.jobevents.LedgerRetention;
import dev.recordmetric.jobevents.LedgerTableSchema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * ListRunners' cold start with and without {@code JOB_LEDGER_TABLE} (issue 20): each run a fresh JVM
 * with Lambda's flags ({@link ProbeRunner}), the no-argument constructor reading the environment, one
 * invocation; the fake GitHub (100 runners) and FakeAws (KMS, and DynamoDB holding a ledger of 50
 * queued jobs). Alternates off, on, off, on so that a changing machine load shows. Not part of
 * {@code benchmarks/run}: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.recordmetric.benchmarks.LedgerColdStart functions/list-runners/target/list-runners.jar 5}.
 */
public final class LedgerColdStart {

    private LedgerColdStart() {
    }

    public static void main(String[] args) {
        Fixture fixture = new Fixture(List.of(100));
        var probes = new ProbeRunner(fixture);
        DynamoDbClient ddb = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(fixture.aws.credentials()))
                .endpointOverride(fixture.aws.endpoint()).build();
        LedgerTableSchema.create(ddb, "bench-ledger");
        var ledger = new JobLedger(ddb, "bench-ledger", LedgerRetention.DEFAULT);
        Instant now = Instant.now();
        for (int i = 1; i <= 50; i++) {
            ledger.record(new LedgerJob(i, i, 1, "o/r", "ci", "b", "main", List.of("installation_id:" + "bench"), JobStatus.QUEUED,
                    null, now.minusSeconds(i).toString(), null, null, null, null, null, null, null), "g" + i, "queued", now);
        }
        Path jar = Path.of(args[0]);
        String input = "{\"sealedToken\":\"" + fixture.sealedPat() + "\",\"executionArn\":\"" + Fixture.EXECUTION_ARN + "\"}";
        String handler = "dev.recordmetric.listrunners.ListRunnersHandler";
        int runs = Integer.parseInt(args[1]);
        for (boolean on : new boolean[] {false, true, false, true}) {
            List<Long> init = new ArrayList<>();
            List<Long> first = new ArrayList<>();
            List<Long> wall = new ArrayList<>();
            String output = "";
            for (int r = 0; r < runs; r++) {
                var env = new java.util.HashMap<>(fixture.listRunnersEnv(100));
                if (on) {
                    env.put("JOB_LEDGER_TABLE", "bench-ledger");
                }
                Map<String, String> full = probes.environment("record-metric-list-runners", env);
                ProbeRunner.Run run = probes.run(probes.command(jar, handler, input, 1, List.of()), full);
                if (!run.ok()) {
                    System.out.println("FAILED " + run.failure());
                    return;
                }
                init.add(run.stat("initNanos") / 1_000_000);
                first.add(run.stat("firstInvokeNanos") / 1_000_000);
                wall.add(run.wallNanos() / 1_000_000);
                output = run.output();
            }
            init.sort(null);
            first.sort(null);
            wall.sort(null);
            System.out.println((on ? "ledger on " : "ledger off") + " init ms " + init + " first invoke ms " + first
                    + " JVM start to result ms " + wall + " median " + wall.get(runs / 2)
                    + (on ? " queued in output: " + output.contains("\"queued\":50") : ""));
        }
        System.exit(0);
    }
}
