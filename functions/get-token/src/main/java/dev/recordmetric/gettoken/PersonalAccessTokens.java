package dev.recordmetric.gettoken;

import dev.recordmetric.common.AwsClients;
import dev.recordmetric.common.InvocationBudget;
import dev.recordmetric.common.GitHubRateLimit;
import dev.recordmetric.errors.InvalidConfigurationException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A personal access token, read from the secret on every invocation, so a rotated token takes
 * effect on the next run (one Secrets Manager call a minute).
 */
final class PersonalAccessTokens implements TokenSource {

    /**
     * What any GitHub token looks like without assuming its length or alphabet, which GitHub changes
     * (installation tokens grew from 40 characters to about 520 with '.' in them, "Generating an
     * installation access token for a GitHub App"): visible ASCII, as an HTTP header takes it, without
     * the quotes and braces of a JSON secret; at most the 4,096 bytes KMS Encrypt seals.
     */
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[!-~&&[^\"'{}\\\\]]{20,4096}");

    private final CredentialsSecret secret;

    PersonalAccessTokens(CredentialsSecret secret) {
        this.secret = secret;
    }

    @Override
    public GitHubToken token(boolean refresh, Map<String, String> permissions, InvocationBudget budget) {
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

    /** Only a GitHub App signs JWTs: "List deliveries for an app webhook" accepts nothing else. */
    @Override
    public String appJwt(InvocationBudget budget) {
        throw new InvalidConfigurationException("The repairs were asked for the GitHub App's JWT (the webhook is the"
                + " App's: job_events' webhook = \"app\"), but the credentials are a personal access token, and only the"
                + " App's JWT may read the App's webhook deliveries: store the App's private key with credential type pem"
                + " and the App id, or use an organization webhook (job_events' webhook = \"organization:<hook id>\").");
    }
}
