package dev.recordmetric.jobevents;

import dev.recordmetric.common.Environment;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The webhook whose deliveries the repairs redeliver, from {@code WEBHOOK_HOOK}: an organization's
 * ({@code organization:<hook_id>}, the {@code X-GitHub-Hook-ID} of its deliveries), the GitHub App's
 * ({@code app}), or none (empty: redelivery is off).
 */
record WebhookHook(OptionalLong organizationHookId, boolean app) {

    static final String WEBHOOK_HOOK = "WEBHOOK_HOOK";
    static final WebhookHook NONE = new WebhookHook(OptionalLong.empty(), false);

    static WebhookHook from(Environment env) {
        return parse(env.optional(WEBHOOK_HOOK).orElse(""));
    }

    static WebhookHook parse(String value) {
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return NONE;
        }
        if (trimmed.equals("app")) {
            return new WebhookHook(OptionalLong.empty(), true);
        }
        if (trimmed.startsWith("organization:")) {
            try {
                long id = Long.parseLong(trimmed.substring("organization:".length()));
                if (id > 0) {
                    return new WebhookHook(OptionalLong.of(id), false);
                }
            } catch (NumberFormatException e) {
                // named below
            }
        }
        throw Environment.malformed(WEBHOOK_HOOK, "'" + value + "' is not a webhook: organization:<hook id> (the"
                + " X-GitHub-Hook-ID of its deliveries, or the number in its settings URL), app (the GitHub App's"
                + " webhook), or empty (no redelivery)");
    }

    boolean configured() {
        return app || organizationHookId.isPresent();
    }

    /** The deliveries' path under the API URL: {@code /orgs/{org}/hooks/{id}/deliveries} or {@code /app/hook/deliveries}. */
    Optional<String> deliveriesPath(String organization) {
        if (app) {
            return Optional.of("/app/hook/deliveries");
        }
        return organizationHookId.isPresent()
                ? Optional.of("/orgs/" + organization + "/hooks/" + organizationHookId.getAsLong() + "/deliveries")
                : Optional.empty();
    }
}
