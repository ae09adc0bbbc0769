package dev.recordmetric.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A baseline: what the original module does, in Java. Page 1, then each {@code rel="next"} page
 * one after another, each body read whole into a tree and filtered. With {@code perPage} 30 (the
 * API's default, which the original uses) or 100.
 */
final class SequentialLister implements Lister {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI firstPage;
    private final String label;

    SequentialLister(String apiUrl, String organization, String label, int perPage) {
        this.firstPage = URI.create(apiUrl + "/orgs/" + organization + "/actions/runners"
                + (perPage == 30 ? "" : "?per_page=" + perPage));
        this.label = label;
    }

    @Override
    public int list(String token) {
        Map<Long, String> states = new HashMap<>();
        Optional<URI> page = Optional.of(firstPage);
        while (page.isPresent()) {
            HttpRequest request = HttpRequest.newBuilder(page.get())
                    .timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28")
                    .header("Authorization", "Bearer " + token)
                    .build();
            HttpResponse<InputStream> response = send(request);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GitHub answered " + response.statusCode());
            }
            JsonNode body = read(response.body());
            for (JsonNode runner : body.path("runners")) {
                for (JsonNode runnerLabel : runner.path("labels")) {
                    if (label.equalsIgnoreCase(runnerLabel.path("name").asText())) {
                        String state = !"online".equals(runner.path("status").asText()) ? "offline"
                                : runner.path("busy").asBoolean() ? "busy" : "idle";
                        states.put(runner.path("id").asLong(), state);
                    }
                }
            }
            page = response.headers().allValues("link").stream()
                    .map(NEXT::matcher).filter(Matcher::find).map(m -> URI.create(m.group(1))).findFirst();
        }
        return states.size();
    }

    private HttpResponse<InputStream> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(InputStream body) {
        try (body) {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
