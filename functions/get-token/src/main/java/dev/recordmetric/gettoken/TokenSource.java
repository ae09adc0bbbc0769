package dev.recordmetric.gettoken;

import dev.recordmetric.common.InvocationBudget;
import java.util.Map;

/** Where this invocation's GitHub token comes from. */
interface TokenSource {

    /**
     * @param refresh get a new token, bypassing any cache (ListRunners' token was rejected)
     * @param permissions an App installation token's permissions ({@link TokenPermissions}); a
     *     personal access token has what it was given
     * @param budget bounds every network call
     */
    GitHubToken token(boolean refresh, Map<String, String> permissions, InvocationBudget budget);

    /**
     * The GitHub App's own JWT, for the endpoints only it may call ({@code GET /app/hook/deliveries}).
     *
     * @throws dev.recordmetric.errors.InvalidConfigurationException when the credentials are not an App's
     */
    String appJwt(InvocationBudget budget);
}
