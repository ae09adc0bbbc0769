package dev.recordmetric.fakes;

import java.net.URI;
import java.util.List;

/**
 * The settings GitHub shows for one webhook ({@link FakeHook}), as the webhook form sets them and the
 * REST API reports them ("REST API endpoints for organization webhooks": {@code active},
 * {@code events}, {@code config.url}, {@code config.content_type}, {@code config.insecure_ssl},
 * {@code config.secret} shown as {@code ********} when set). They change only what the API reports;
 * the hook's deliveries go where it was created to send them. A new hook is as the README's webhook
 * form makes it: active, {@code workflow_job}, {@code json}, SSL verified, with a secret. Thread-safe.
 */
public final class HookSettings {

    private volatile URI url;
    private volatile String contentType = "json";
    private volatile boolean active = true;
    private volatile List<String> events = List.of("workflow_job");
    private volatile String insecureSsl = "0";
    private volatile boolean secretSet = true;

    HookSettings(URI url) {
        this.url = url;
    }

    /** The payload URL GitHub reports. */
    public HookSettings url(URI newUrl) {
        this.url = newUrl;
        return this;
    }

    /** {@code json} or {@code form}. */
    public HookSettings contentType(String newContentType) {
        this.contentType = newContentType;
        return this;
    }

    public HookSettings active(boolean isActive) {
        this.active = isActive;
        return this;
    }

    /** The events the hook is subscribed to ({@code *} for all). */
    public HookSettings events(String... newEvents) {
        this.events = List.of(newEvents);
        return this;
    }

    /** {@code "0"} verifies the receiver's certificate, {@code "1"} does not. */
    public HookSettings insecureSsl(String newInsecureSsl) {
        this.insecureSsl = newInsecureSsl;
        return this;
    }

    /** Whether the hook has a secret (its deliveries are then signed). */
    public HookSettings secretSet(boolean set) {
        this.secretSet = set;
        return this;
    }

    URI url() {
        return url;
    }

    String contentType() {
        return contentType;
    }

    boolean active() {
        return active;
    }

    List<String> events() {
        return events;
    }

    String insecureSsl() {
        return insecureSsl;
    }

    boolean secretSet() {
        return secretSet;
    }
}
