package dev.recordmetric.gettoken;

import dev.recordmetric.common.InvocationBudget;

/** Where this invocation's GitHub token comes from. */
interface TokenSource {

    /**
     * @param refresh get a new token, bypassing any cache (ListRunners' token was rejected)
     * @param budget bounds every network call
     */
    GitHubToken token(boolean refresh, InvocationBudget budget);
}
