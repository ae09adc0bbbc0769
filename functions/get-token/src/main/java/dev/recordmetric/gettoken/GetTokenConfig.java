package dev.recordmetric.gettoken;

import dev.recordmetric.common.Environment;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/** GetToken's configuration, read and checked once at start-up. */
record GetTokenConfig(
        String organization,
        URI githubApiUrl,
        String secretArn,
        CredentialType credentialType,
        Optional<String> appId,
        String kmsKeyId) {

    static final String SECRET_ARN = "GITHUB_CREDENTIALS_SECRET_ARN";
    static final String CREDENTIALS_TYPE = "GITHUB_CREDENTIALS_TYPE";
    static final String APP_ID = "GITHUB_APP_ID";

    /** A numeric App id, or a client id such as {@code Iv23liABCDEF...} (GitHub accepts either as {@code iss}). */
    private static final Pattern APP_OR_CLIENT_ID = Pattern.compile("\\d{1,12}|Iv[0-9A-Za-z.]{4,40}");

    static GetTokenConfig from(Environment env) {
        CredentialType type = CredentialType.parse(env.required(CREDENTIALS_TYPE));
        Optional<String> appId = env.optional(APP_ID);
        if (type == CredentialType.PEM) {
            String id = appId.orElseThrow(() -> Environment.malformed(APP_ID,
                    "it is required when " + CREDENTIALS_TYPE + " is pem: set the GitHub App's id or client id"));
            if (!APP_OR_CLIENT_ID.matcher(id).matches()) {
                throw Environment.malformed(APP_ID, "'" + id + "' is neither a numeric App id nor an App client id (Iv…)");
            }
        }
        String secretArn = env.required(SECRET_ARN);
        if (!secretArn.startsWith("arn:") || !secretArn.contains(":secretsmanager:")) {
            throw Environment.malformed(SECRET_ARN, "'" + secretArn + "' is not a Secrets Manager secret ARN");
        }
        return new GetTokenConfig(env.organization(), env.githubApiUrl(), secretArn, type, appId,
                env.required(Environment.TOKEN_KMS_KEY_ID));
    }
}
