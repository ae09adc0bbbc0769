package dev.recordmetric.benchmarks.jmh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs the JMH benchmarks briefly (one fork, 2 × 1 s warm-up, 3 × 1 s measured) and returns their scores. */
public final class Microbenchmarks {

    /** One benchmark's score: mean and JMH's 99.9 % confidence half-width, in {@code unit}. */
    public record Score(String benchmark, double mean, double error, String unit) {
    }

    private Microbenchmarks() {
    }

    public static List<Score> run() throws RunnerException {
        var options = new OptionsBuilder()
                .include(RunnerPageBenchmark.class.getName())
                .include(ObservationOutputBenchmark.class.getName())
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(1))
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        var scores = new ArrayList<Score>();
        for (RunResult result : results) {
            var primary = result.getPrimaryResult();
            String name = result.getParams().getBenchmark();
            scores.add(new Score(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    primary.getScore(), primary.getScoreError(), primary.getScoreUnit()));
        }
        return scores;
    }
}
