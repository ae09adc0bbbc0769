package dev.recordmetric.common;

import dev.recordmetric.errors.MalformedResponseException;
import java.net.URI;
import java.util.Objects;

/**
 * The token goes only to the configured GitHub API: a URL GitHub hands back (a {@code Link}
 * header) with another scheme or authority is refused before anything is sent, so neither another
 * host nor plain http ever sees the token.
 */
public final class SameOrigin {

    private SameOrigin() {
    }

    /** @throws MalformedResponseException when {@code url} is not on {@code api}'s scheme, host and port */
    public static void require(URI api, URI url) {
        if (!Objects.equals(url.getScheme(), api.getScheme()) || !Objects.equals(url.getRawAuthority(), api.getRawAuthority())) {
            throw new MalformedResponseException("GitHub's Link header points at " + url.getScheme() + "://" + url.getHost()
                    + ", not at the configured API URL (" + api.getScheme() + "://" + api.getHost()
                    + "); refusing to send the token there.");
        }
    }
}
