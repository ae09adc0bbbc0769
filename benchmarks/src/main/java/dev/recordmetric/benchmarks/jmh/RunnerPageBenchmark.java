package dev.recordmetric.benchmarks.jmh;

import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeRunners;
import dev.recordmetric.listrunners.BenchmarkAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Stream-parsing one full page (100 runners, as the fake GitHub renders it) the way ListRunners does. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RunnerPageBenchmark {

    private static final String TOKEN = "ghp_jmhToken0123456789abcdefghijklmnopqr";

    private byte[] page;

    @Setup
    public void fetchPage() throws Exception {
        try (FakeGitHub github = FakeGitHub.start().acceptToken(TOKEN, "admin:org");
                HttpClient http = HttpClient.newHttpClient()) {
            github.organization("jmh").setRunners(FakeRunners.generate(100, "bench"));
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(github.baseUrl() + "/orgs/jmh/actions/runners?per_page=100"))
                    .header("Authorization", "Bearer " + TOKEN).build();
            page = http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
        }
        if (BenchmarkAccess.parsePage(page, "installation_id:bench") != 100) {
            throw new IllegalStateException("the page does not hold 100 labelled runners");
        }
    }

    @Benchmark
    public int parse100RunnerPage() {
        return BenchmarkAccess.parsePage(page, "installation_id:bench");
    }
}
