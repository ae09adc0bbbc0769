package dev.recordmetric.gettoken;

import dev.recordmetric.common.GitHubRateLimit;
import java.time.Instant;
import java.util.Optional;

/**
 * A GitHub token and the non-secret facts about it.
 *
 * @param expiresAt empty for a personal access token (GitHub does not say)
 * @param fromCache whether a warm invocation reused it without asking GitHub
 * @param githubRequests how many GitHub requests this invocation made to obtain it
 * @param rateLimit the rate-limit headers of the last GitHub response while obtaining it
 */
record GitHubToken(String value, Optional<Instant> expiresAt, boolean fromCache, int githubRequests,
        GitHubRateLimit rateLimit) {

    GitHubToken reused() {
        return new GitHubToken(value, expiresAt, true, 0, GitHubRateLimit.NONE);
    }

    @Override
    public String toString() {
        return "GitHubToken[value=<redacted>, expiresAt=" + expiresAt + ", fromCache=" + fromCache + "]";
    }
}
