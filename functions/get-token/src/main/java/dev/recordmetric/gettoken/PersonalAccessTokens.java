package dev.recordmetric.gettoken;

import dev.recordmetric.common.AwsClients;
import dev.recordmetric.common.InvocationBudget;
import dev.recordmetric.common.GitHubRateLimit;
import dev.recordmetric.errors.InvalidConfigurationException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A personal access token, read from the secret on every invocation, so a rotated token takes
 * effect on the next run (one Secrets Manager call a minute).
 */
final class PersonalAccessTokens implements TokenSource {

    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_\\-.]{20,255}");

    private final CredentialsSecret secret;

    PersonalAccessTokens(CredentialsSecret secret) {
        this.secret = secret;
    }

    @Override
    public GitHubToken token(boolean refresh, InvocationBudget budget) {
        String value = secret.read(budget.bound(AwsClients.API_CALL_TIMEOUT, "reading the credentials secret"));
        if (value.contains("PRIVATE KEY")) {
            throw new InvalidConfigurationException("Secret " + secret.arn() + " holds a private key, but the"
                    + " credential type is token: set the credential type to pem and the GitHub App id.");
        }
        if (!TOKEN_SHAPE.matcher(value).matches()) {
            throw new InvalidConfigurationException("Secret " + secret.arn() + " does not hold a GitHub token: store"
                    + " the token itself as the secret's plain-text value (no JSON, quotes or spaces).");
        }
        return new GitHubToken(value, Optional.empty(), false, 0, GitHubRateLimit.NONE);
    }
}
