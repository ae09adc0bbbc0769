package dev.recordmetric.gettoken;

import dev.recordmetric.common.Environment;
import java.util.Locale;

/** What the credentials secret holds. */
public enum CredentialType {
    /** A personal access token (classic with admin:org, or fine-grained with self-hosted runners read). */
    TOKEN,
    /** A GitHub App's private key, exchanged for an installation token. */
    PEM;

    static CredentialType parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "token" -> TOKEN;
            case "pem" -> PEM;
            default -> throw Environment.malformed(GetTokenConfig.CREDENTIALS_TYPE,
                    "'" + value + "' is neither token (a personal access token) nor pem (a GitHub App private key)");
        };
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
