package dev.recordmetric.listrunners;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GitHub's pagination header: {@code Link: <https://...&page=2>; rel="next", <...&page=5>; rel="last"}. */
record LinkHeader(Map<String, URI> byRelation) {

    private static final Pattern LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"([^\"]+)\"");
    private static final Pattern PAGE = Pattern.compile("(^|&)page=(\\d+)");

    static LinkHeader parse(List<String> values) {
        var links = new HashMap<String, URI>();
        for (String value : values) {
            Matcher matcher = LINK.matcher(value);
            while (matcher.find()) {
                try {
                    links.put(matcher.group(2), URI.create(matcher.group(1)));
                } catch (IllegalArgumentException e) {
                    throw RunnerPage.malformed("the Link header holds an invalid URL");
                }
            }
        }
        return new LinkHeader(Map.copyOf(links));
    }

    Optional<URI> next() {
        return Optional.ofNullable(byRelation.get("next"));
    }

    OptionalInt lastPage() {
        URI last = byRelation.get("last");
        if (last == null || last.getRawQuery() == null) {
            return OptionalInt.empty();
        }
        Matcher matcher = PAGE.matcher(last.getRawQuery());
        return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(2))) : OptionalInt.empty();
    }

    /** The same URL as {@code link} but for another page, so pages can be fetched side by side. */
    static URI withPage(URI link, int page) {
        String query = link.getRawQuery();
        String replaced = PAGE.matcher(query).replaceFirst("$1page=" + page);
        return URI.create(link.getScheme() + "://" + link.getRawAuthority() + link.getRawPath() + "?" + replaced);
    }
}
