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

/**
 * One page of {@code GET /orgs/{org}/actions/runners}, stream-parsed: of every runner its id (to
 * judge whether the listing is consistent), and of those carrying the label also the name, status
 * and busy flag.
 *
 * @param ids the ids of all runners on the page, labelled or not, in listing order
 */
record RunnerPage(int totalCount, long[] ids, List<Runner> labelled) {

    /** GitHub's largest page; a page holding more is not GitHub's answer. */
    static final int MAX_RUNNERS = 100;

    int runnersOnPage() {
        return ids.length;
    }

    static RunnerPage parse(InputStream body, String label) throws IOException {
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
                        RunnerFields runner = RunnerFields.parse(parser, label);
                        expect(runner.id >= 0, "a runner has no id");
                        if (onPage == ids.length) {
                            ids = Arrays.copyOf(ids, Math.min(MAX_RUNNERS, ids.length * 2));
                        }
                        ids[onPage++] = runner.id;
                        if (runner.labelled()) {
                            labelled.add(runner.toRunner());
                        }
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
        private boolean labelled;

        static RunnerFields parse(JsonParser parser, String label) throws IOException {
            var fields = new RunnerFields();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> fields.id = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    case "name" -> fields.name = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "status" -> fields.status = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "busy" -> fields.busy = value.isBoolean() ? value == JsonToken.VALUE_TRUE : null;
                    case "labels" -> fields.labelled = hasLabel(parser, label);
                    default -> parser.skipChildren();
                }
            }
            return fields;
        }

        /** Label names compare case-insensitively, as GitHub does. */
        private static boolean hasLabel(JsonParser parser, String label) throws IOException {
            expect(parser.currentToken() == JsonToken.START_ARRAY, "a runner's labels are not an array");
            boolean found = false;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if ("name".equals(field) && label.equalsIgnoreCase(parser.getText())) {
                        found = true;
                    } else {
                        parser.skipChildren();
                    }
                }
            }
            return found;
        }

        boolean labelled() {
            return labelled;
        }

        Runner toRunner() {
            expect(id >= 0 && name != null && status != null && busy != null,
                    "a runner lacks id, name, status or busy");
            return new Runner(id, name, "online".equals(status), busy);
        }
    }
}
