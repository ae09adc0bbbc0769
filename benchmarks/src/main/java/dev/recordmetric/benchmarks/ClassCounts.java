package dev.recordmetric.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classes a function loads from JVM start to the return of its first {@code handleRequest},
 * from the JVM's class-load log ({@code -Xlog:class+load}), split at the end of the constructor
 * (the probe prints its {@code System.nanoTime()} there, the log's {@code timenanos} is the same
 * clock) and by origin.
 */
record ClassCounts(String title, int beforeInvoke, int inInvoke, Map<String, Integer> byOrigin) {

    int total() {
        return beforeInvoke + inInvoke;
    }

    int origin(String name) {
        return byOrigin.getOrDefault(name, 0);
    }

    static ClassCounts measure(ProbeRunner probes, ShareCase probe, int memoryMb) {
        try {
            Path log = Files.createTempFile("record-metric-classes", ".log");
            try {
                var flags = new ArrayList<>(ProbeRunner.memoryFlags(memoryMb));
                flags.add("-Xlog:class+load=info:file=" + log + ":timenanos");
                ProbeRunner.Run run = Main.check(probes.run(probes.command(probe.jar(), probe.handler(), probe.input(), 1, flags),
                        probes.environment(probe.functionName(), probe.env(), memoryMb)), probe.title());
                return count(probe.title(), Files.readAllLines(log), run.constructedAt(), run.stat("invokedAt"));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines look like {@code [123456789ns] java.lang.Object source: shared objects file}. */
    static ClassCounts count(String title, List<String> lines, long constructedAt, long invokedAt) {
        int before = 0;
        int during = 0;
        var origins = new LinkedHashMap<String, Integer>();
        for (String line : lines) {
            int close = line.indexOf("ns] ");
            if (!line.startsWith("[") || close < 0) {
                continue;
            }
            long at = Long.parseLong(line.substring(1, close));
            String rest = line.substring(close + 4);
            int space = rest.indexOf(' ');
            String name = space < 0 ? rest : rest.substring(0, space);
            if (at > invokedAt || name.startsWith("dev.recordmetric.benchmarks.")) {
                continue; // the probe itself, and its statistics after the first invocation
            }
            String source = rest.contains("source: ") ? rest.substring(rest.indexOf("source: ") + 8) : "";
            origins.merge(origin(name, source), 1, Integer::sum);
            if (at <= constructedAt) {
                before++;
            } else {
                during++;
            }
        }
        return new ClassCounts(title, before, during, origins);
    }

    private static String origin(String name, String source) {
        if (source.startsWith("shared objects file") || source.startsWith("jrt:/")) {
            return name.contains("$$Lambda") || name.startsWith("jdk.internal.reflect.Generated") ? "generated" : "JDK";
        }
        if (name.contains("$$Lambda") || name.contains("$Proxy") || name.startsWith("jdk.proxy")
                || source.startsWith("__") || source.contains("instance of")) {
            return "generated";
        }
        if (name.startsWith("software.amazon.awssdk.") || name.startsWith("software.amazon.eventstream.")) {
            return "AWS SDK";
        }
        if (name.startsWith("com.fasterxml.jackson.")) {
            return "Jackson";
        }
        if (name.startsWith("org.kohsuke.github.")) {
            return "github-api";
        }
        if (name.startsWith("io.jsonwebtoken.")) {
            return "jjwt";
        }
        if (name.startsWith("dev.recordmetric.")) {
            return "project";
        }
        return "other";
    }
}
