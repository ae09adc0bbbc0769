package dev.recordmetric.gettoken;

/** Where this invocation's GitHub token comes from. */
interface TokenSource {

    GitHubToken token();
}
