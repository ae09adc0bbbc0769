package dev.recordmetric.common;

import dev.recordmetric.errors.InvalidConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the function's configuration; every failure names the variable and the fix. */
public final class Environment {

    public static final String GITHUB_ORG = "GITHUB_ORG";
    public static final String GITHUB_API_URL = "GITHUB_API_URL";
    public static final String TOKEN_KMS_KEY_ID = "TOKEN_KMS_KEY_ID";
    public static final String DEFAULT_GITHUB_API_URL = "https://api.github.com";

    /** GitHub's rule for organization logins: alphanumerics and single inner hyphens, 1 to 39 characters. */
    private static final Pattern ORGANIZATION = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");

    private final Map<String, String> variables;

    public Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Environment system() {
        return new Environment(System.getenv());
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new InvalidConfigurationException(
                "Environment variable " + name + " is not set: set it on the function (the Terraform module does)."));
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(variables.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String organization() {
        String organization = required(GITHUB_ORG);
        if (!ORGANIZATION.matcher(organization).matches()) {
            throw malformed(GITHUB_ORG, "'" + organization + "' is not a GitHub organization login (letters, digits and"
                    + " inner hyphens, at most 39)");
        }
        return organization;
    }

    /** The API root without a trailing slash: {@code https://api.github.com} or {@code https://HOST/api/v3}. */
    public URI githubApiUrl() {
        String raw = optional(GITHUB_API_URL).orElse(DEFAULT_GITHUB_API_URL);
        try {
            URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw malformed(GITHUB_API_URL, "'" + raw + "' is not an http(s) URL without query");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw malformed(GITHUB_API_URL, "'" + raw + "' is not a URL");
        }
    }

    public static InvalidConfigurationException malformed(String name, String problem) {
        return new InvalidConfigurationException("Environment variable " + name + " is malformed: " + problem
                + ". Fix the value on the function (the Terraform module sets it).");
    }
}
