package dev.recordmetric.benchmarks.jmh;

import dev.recordmetric.listrunners.BenchmarkAccess;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Rendering and serializing ListRunners' state output for 10,000 labelled runners. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ObservationOutputBenchmark {

    private Object listing;

    @Setup
    public void makeListing() {
        listing = BenchmarkAccess.listing(10_000);
    }

    @Benchmark
    public byte[] render10000Runners() {
        return BenchmarkAccess.renderOutput(listing, "bench-10000", "installation_id:bench");
    }
}
