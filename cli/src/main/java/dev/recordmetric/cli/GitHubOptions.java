package dev.recordmetric.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Which GitHub organization, which runners, and the operator's credentials for it. */
final class GitHubOptions {

    static final String DEFAULT_API_URL = "https://api.github.com";
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN (RSA )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END (RSA )?PRIVATE KEY-----");

    @Option(names = "--org", paramLabel = "ORG", description = "The GitHub organization (its login).")
    String organization;

    @Option(names = "--installation-id", paramLabel = "ID",
            description = "Runners labelled installation_id:<ID> are counted (the Terraform module's installation_id).")
    String installationId;

    @Option(names = "--token-env", paramLabel = "VAR", defaultValue = "GITHUB_TOKEN",
            description = "The environment variable holding a personal access token (default: ${DEFAULT-VALUE}).")
    String tokenVariable;

    @Option(names = "--app-id", paramLabel = "ID", description = "A GitHub App's id or client id (with --pem-file) instead of a token.")
    String appId;

    @Option(names = "--pem-file", paramLabel = "FILE", description = "The GitHub App's private key (.pem, PKCS#1 or PKCS#8).")
    Path pemFile;

    @Option(names = "--github-api-url", paramLabel = "URL",
            description = "The GitHub API root (default ${DEFAULT-VALUE}); GitHub Enterprise Server: https://HOST/api/v3.",
            defaultValue = DEFAULT_API_URL)
    String apiUrl;

    /**
     * The credentials, as the secret in Secrets Manager would hold them.
     *
     * @param type {@code token} or {@code pem}, as GITHUB_CREDENTIALS_TYPE
     * @param secret the token or the PEM text: never printed
     */
    record Credentials(String organization, String installationId, URI apiUrl, String type, String secret, String appId) {
        @Override
        public String toString() {
            return "Credentials[" + organization + ", " + type + ", secret=<redacted>]";
        }

        String label() {
            return "installation_id:" + installationId;
        }
    }

    /** Whether any real-GitHub option was given. */
    boolean anyGiven() {
        return organization != null || installationId != null || appId != null || pemFile != null
                || !DEFAULT_API_URL.equals(apiUrl);
    }

    /** Checks the options and reads the credentials; every problem is one {@link CliException} line. */
    Credentials resolve(Map<String, String> env) {
        return resolve(env, true);
    }

    /** @param installationIdRequired false when the labels come from elsewhere ({@code run --pool}) */
    Credentials resolve(Map<String, String> env, boolean installationIdRequired) {
        if (organization == null || organization.isBlank()) {
            throw new CliException("--org is missing: name the GitHub organization whose runners to count");
        }
        if (installationIdRequired && (installationId == null || installationId.isBlank())) {
            throw new CliException("--installation-id is missing: runners labelled installation_id:<ID> are counted;"
                    + " pass the ID your runners carry");
        }
        URI api = apiUri(apiUrl);
        if (appId != null || pemFile != null) {
            if (appId == null || appId.isBlank()) {
                throw new CliException("--pem-file needs --app-id: pass the GitHub App's id (or client id) too");
            }
            if (pemFile == null) {
                throw new CliException("--app-id needs --pem-file: pass the file with the GitHub App's private key");
            }
            return new Credentials(organization, installationId, api, "pem", readPem(pemFile), appId.trim());
        }
        String token = env.get(tokenVariable);
        if (token == null || token.isBlank()) {
            throw new CliException("no GitHub token: environment variable " + tokenVariable + " is not set; export a token"
                    + " there (or name another variable with --token-env), or use --app-id with --pem-file");
        }
        if (token.strip().chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new CliException("the token in " + tokenVariable + " contains spaces or unusual characters: store the"
                    + " token alone, without quotes or line breaks");
        }
        return new Credentials(organization, installationId, api, "token", token.strip(), null);
    }

    static URI apiUri(String raw) {
        String trimmed = raw.strip();
        try {
            URI uri = new URI(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw new CliException("--github-api-url '" + raw + "' is not an http(s) URL: use https://api.github.com"
                        + " or, for GitHub Enterprise Server, https://HOST/api/v3");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliException("--github-api-url '" + raw + "' is not a URL: use https://api.github.com or, for"
                    + " GitHub Enterprise Server, https://HOST/api/v3");
        }
    }

    /** Reads the PEM file and checks its shape; the key itself is parsed by GetToken's own code. */
    static String readPem(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("cannot read the PEM file " + file + ": no such file; pass the GitHub App's private key"
                    + " file (downloaded from the App's settings) with --pem-file");
        } catch (AccessDeniedException e) {
            throw new CliException("cannot read the PEM file " + file + ": permission denied; make it readable by you");
        } catch (IOException e) {
            throw new CliException("cannot read the PEM file " + file + " (" + e.getClass().getSimpleName()
                    + "): pass the GitHub App's private key file with --pem-file");
        }
        Matcher matcher = PEM.matcher(pem);
        String fix = ": use the .pem file GitHub generated for the App (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY), unchanged";
        if (!matcher.find()) {
            String what = pem.contains("ENCRYPTED PRIVATE KEY") ? "holds an encrypted private key"
                    : pem.contains("OPENSSH PRIVATE KEY") ? "holds an OpenSSH key"
                    : pem.contains("PUBLIC KEY") ? "holds a public key"
                    : "does not hold a PEM private key";
            throw new CliException("the PEM file " + file + " " + what + fix);
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(matcher.group(2).replaceAll("\\s", ""));
            if (der.length < 64 || der[0] != 0x30) {
                throw new IllegalArgumentException("not DER");
            }
        } catch (IllegalArgumentException e) {
            throw new CliException("the PEM file " + file + " holds a damaged key (its base64 body does not decode)" + fix);
        }
        return pem.strip();
    }
}
