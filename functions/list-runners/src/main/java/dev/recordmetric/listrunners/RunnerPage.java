package dev.recordmetric.listrunners;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recordmetric.common.JsonStreams;
import dev.recordmetric.errors.MalformedResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One page of {@code GET /orgs/{org}/actions/runners} (or of a runner group's runners), stream-parsed:
 * of every runner its id (to judge whether the listing is consistent), and of those carrying a pool's
 * label also the name, status and busy flag.
 *
 * @param ids the ids of all runners on the page, labelled or not, in listing order
 * @param labelled one {@link Runner} per runner and pool whose label it carries, in listing order
 */
record RunnerPage(int totalCount, long[] ids, List<Runner> labelled) {

    /** GitHub's largest page; a page holding more is not GitHub's answer. */
    static final int MAX_RUNNERS = 100;

    int runnersOnPage() {
        return ids.length;
    }

    /** The pools' labels, looked up as GitHub compares label names: case-insensitively. */
    static Map<String, Integer> labelIndex(List<String> labels) {
        Map<String, Integer> index = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int pool = 0; pool < labels.size(); pool++) {
            index.putIfAbsent(labels.get(pool), pool);
        }
        return index;
    }

    /** One pool's page. */
    static RunnerPage parse(InputStream body, String label) throws IOException {
        return parse(body, labelIndex(List.of(label)));
    }

    /** @param labels label name to pool, from {@link #labelIndex} */
    static RunnerPage parse(InputStream body, Map<String, Integer> labels) throws IOException {
        int totalCount = -1;
        int onPage = 0;
        long[] ids = new long[8];
        var labelled = new ArrayList<Runner>();
        try (JsonParser parser = JsonStreams.FACTORY.createParser(body)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, "the response is not a JSON object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("total_count".equals(field)) {
                    expect(value == JsonToken.VALUE_NUMBER_INT, "total_count is not a number");
                    totalCount = parser.getIntValue();
                } else if ("runners".equals(field)) {
                    expect(value == JsonToken.START_ARRAY, "runners is not an array");
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        expect(onPage < MAX_RUNNERS, "a page holds more than " + MAX_RUNNERS + " runners");
                        RunnerFields runner = RunnerFields.parse(parser, labels);
                        expect(runner.id >= 0, "a runner has no id");
                        if (onPage == ids.length) {
                            ids = Arrays.copyOf(ids, Math.min(MAX_RUNNERS, ids.length * 2));
                        }
                        ids[onPage++] = runner.id;
                        runner.addTo(labelled);
                    }
                    expect(parser.currentToken() == JsonToken.END_ARRAY, "runners holds something else than objects");
                } else {
                    parser.skipChildren();
                }
            }
            expect(parser.currentToken() == JsonToken.END_OBJECT, "the response ends early");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw malformed("the body is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        expect(totalCount >= 0, "total_count is missing");
        return new RunnerPage(totalCount, Arrays.copyOf(ids, onPage), labelled);
    }

    private static void expect(boolean condition, String problem) {
        if (!condition) {
            throw malformed(problem);
        }
    }

    static MalformedResponseException malformed(String problem) {
        return new MalformedResponseException("GitHub's runner list is malformed: " + problem
                + ". If GitHub is healthy, check that the API URL points at the GitHub REST API.");
    }

    /** The fields of one runner object as they stream past. */
    private static final class RunnerFields {
        private long id = -1;
        private String name;
        private String status;
        private Boolean busy;
        /** The pools whose label the runner carries, in the order its labels come. */
        private List<Integer> pools = List.of();
        /** All its label names, lower-cased. */
        private final List<String> labelNames = new ArrayList<>(4);

        static RunnerFields parse(JsonParser parser, Map<String, Integer> labels) throws IOException {
            var fields = new RunnerFields();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> fields.id = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    case "name" -> fields.name = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "status" -> fields.status = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "busy" -> fields.busy = value.isBoolean() ? value == JsonToken.VALUE_TRUE : null;
                    case "labels" -> fields.pools = poolsOf(parser, labels, fields.labelNames);
                    default -> parser.skipChildren();
                }
            }
            return fields;
        }

        /** Label names compare case-insensitively, as GitHub does. */
        private static List<Integer> poolsOf(JsonParser parser, Map<String, Integer> labels, List<String> names)
                throws IOException {
            expect(parser.currentToken() == JsonToken.START_ARRAY, "a runner's labels are not an array");
            List<Integer> found = List.of();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    boolean name = "name".equals(field) && value == JsonToken.VALUE_STRING;
                    String lowerCased = name ? parser.getText().toLowerCase(Locale.ROOT) : null;
                    if (name && !names.contains(lowerCased)) {
                        names.add(lowerCased);
                    }
                    Integer pool = name ? labels.get(parser.getText()) : null;
                    if (pool != null && !found.contains(pool)) {
                        found = found.isEmpty() ? new ArrayList<>(1) : found;
                        found.add(pool);
                    } else {
                        parser.skipChildren();
                    }
                }
            }
            return found;
        }

        void addTo(List<Runner> labelled) {
            if (pools.isEmpty()) {
                return;
            }
            expect(id >= 0 && name != null && status != null && busy != null,
                    "a runner lacks id, name, status or busy");
            for (int pool : pools) {
                labelled.add(new Runner(id, name, "online".equals(status), busy, pool, labelNames));
            }
        }
    }
}
