package dev.recordmetric.fakes;

import java.net.URI;

/**
 * A test's own wire-level fake on a {@link LoopbackServer}: {@link #handle} answers each request
 * (a {@link RuntimeException} becomes a 500).
 */
public abstract class LoopbackFake implements AutoCloseable {

    private final LoopbackServer server = LoopbackServer.start(this::handle);

    protected abstract Reply handle(RecordedRequest request);

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create(server.baseUrl());
    }

    @Override
    public void close() {
        server.close();
    }
}
