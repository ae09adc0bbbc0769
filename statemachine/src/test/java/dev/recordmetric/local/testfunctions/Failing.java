package dev.recordmetric.local.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/** Throws a named exception of its own. */
public final class Failing implements RequestStreamHandler {

    /** A named error, as the functions' {@code dev.recordmetric.errors.*}. */
    public static final class RateLimitedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RateLimitedException(String message) {
            super(message);
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        throw new RateLimitedException("secondary rate limit, retry after 10 s");
    }
}
