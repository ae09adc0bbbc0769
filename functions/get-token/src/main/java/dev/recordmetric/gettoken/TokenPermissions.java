package dev.recordmetric.gettoken;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.kohsuke.github.GHPermissionType;

/**
 * The permissions an App installation token is minted with: no more than the run needs ("Generating
 * an installation access token for a GitHub App": the token may be narrowed to a subset of the
 * installation's permissions).
 *
 * <ul>
 *   <li>The runner count: {@code organization_self_hosted_runners: read} ("List self-hosted runners
 *       for an organization").</li>
 *   <li>The repairs ({@code "repairs": true}): {@code actions: read} to read a job ("Get a job for
 *       a workflow run"), and, unless the webhook is the App's own ({@code "appJwt": true}, whose
 *       deliveries only the App's JWT reads, "List deliveries for an app webhook"), the organization
 *       permission "Webhooks", {@code organization_hooks: write}, to list and redeliver the
 *       organization webhook's deliveries ("Redeliver a delivery for an organization webhook").</li>
 * </ul>
 */
final class TokenPermissions {

    static final Map<String, String> RUNNER_COUNT = Map.of("organization_self_hosted_runners", "read");

    private TokenPermissions() {
    }

    static Map<String, String> forRun(boolean repairs, boolean appJwt) {
        if (!repairs) {
            return RUNNER_COUNT;
        }
        Map<String, String> permissions = new LinkedHashMap<>();
        permissions.put("actions", "read");
        if (!appJwt) {
            permissions.put("organization_hooks", "write");
        }
        return Map.copyOf(permissions);
    }

    static Map<String, GHPermissionType> asGitHubApi(Map<String, String> permissions) {
        Map<String, GHPermissionType> typed = new LinkedHashMap<>();
        permissions.forEach((name, level) -> typed.put(name, GHPermissionType.valueOf(level.toUpperCase(Locale.ROOT))));
        return typed;
    }
}
