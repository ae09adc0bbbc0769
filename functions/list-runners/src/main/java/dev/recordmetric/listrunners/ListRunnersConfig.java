package dev.recordmetric.listrunners;

import dev.recordmetric.common.Environment;
import java.net.URI;
import java.util.regex.Pattern;

/** ListRunners' configuration, read and checked once at start-up. */
record ListRunnersConfig(String organization, URI githubApiUrl, String label, String kmsKeyId) {

    static final String INSTALLATION_ID = "RUNNER_INSTALLATION_ID";
    static final String LABEL_PREFIX = "installation_id:";

    /** GitHub label names: up to 100 characters, no commas or whitespace. */
    private static final Pattern LABEL_VALUE = Pattern.compile("[^,\\s]{1,84}");

    static ListRunnersConfig from(Environment env) {
        String installationId = env.required(INSTALLATION_ID);
        if (!LABEL_VALUE.matcher(installationId).matches()) {
            throw Environment.malformed(INSTALLATION_ID, "'" + installationId + "' cannot be part of a GitHub runner"
                    + " label (no spaces or commas, at most 84 characters)");
        }
        return new ListRunnersConfig(env.organization(), env.githubApiUrl(), LABEL_PREFIX + installationId,
                env.required(Environment.TOKEN_KMS_KEY_ID));
    }
}
