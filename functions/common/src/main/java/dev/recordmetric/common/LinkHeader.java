package dev.recordmetric.common;

import dev.recordmetric.errors.MalformedResponseException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's pagination header: {@code Link: <https://...&page=2>; rel="next", <...&page=5>; rel="last"}
 * (GitHub REST docs, "Using pagination in the REST API"). Page numbers are read from the
 * {@code page} query parameter; one that is missing, not a number or beyond an {@code int} makes
 * the response malformed.
 */
public record LinkHeader(Map<String, URI> byRelation) {

    private static final Pattern LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"([^\"]+)\"");
    private static final Pattern PAGE = Pattern.compile("(^|&)page=([^&]*)");

    public static LinkHeader parse(List<String> values) {
        var links = new HashMap<String, URI>();
        for (String value : values) {
            Matcher matcher = LINK.matcher(value);
            while (matcher.find()) {
                try {
                    links.put(matcher.group(2), URI.create(matcher.group(1)));
                } catch (IllegalArgumentException e) {
                    throw malformed("the Link header holds an invalid URL");
                }
            }
        }
        return new LinkHeader(Map.copyOf(links));
    }

    public Optional<URI> next() {
        return Optional.ofNullable(byRelation.get("next"));
    }

    /** The {@code next} link's page number, if there is a {@code next} link. */
    public OptionalInt nextPage() {
        URI next = byRelation.get("next");
        return next == null ? OptionalInt.empty() : OptionalInt.of(page(next, "next"));
    }

    /** The {@code last} link's page number, if there is a {@code last} link. */
    public OptionalInt lastPage() {
        URI last = byRelation.get("last");
        return last == null ? OptionalInt.empty() : OptionalInt.of(page(last, "last"));
    }

    private static int page(URI link, String relation) {
        String query = link.getRawQuery();
        Matcher matcher = query == null ? null : PAGE.matcher(query);
        if (matcher == null || !matcher.find()) {
            throw malformed("the Link header's " + relation + " URL has no page parameter");
        }
        String digits = matcher.group(2);
        if (!digits.matches("\\d{1,10}") || Long.parseLong(digits) > Integer.MAX_VALUE || Long.parseLong(digits) < 1) {
            throw malformed("the Link header's " + relation + " page is not a page number from 1 to "
                    + Integer.MAX_VALUE + " (" + (digits.length() > 20 ? digits.substring(0, 20) + "…" : digits) + ")");
        }
        return Integer.parseInt(digits);
    }

    /** The same URL as {@code link} but for another page, so pages can be fetched side by side. */
    public static URI withPage(URI link, int page) {
        page(link, "next");
        String replaced = PAGE.matcher(link.getRawQuery()).replaceFirst("$1page=" + page);
        return URI.create(link.getScheme() + "://" + link.getRawAuthority() + link.getRawPath() + "?" + replaced);
    }

    private static MalformedResponseException malformed(String problem) {
        return new MalformedResponseException("GitHub's pagination is malformed: " + problem
                + ". If GitHub is healthy, check that the API URL points at the GitHub REST API.");
    }
}
