package dev.recordmetric.local.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/** A constructor that fails, as one reading a missing environment variable does. */
public final class FailingConstructor implements RequestStreamHandler {

    /** The configuration error. */
    public static final class InvalidConfigurationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidConfigurationException(String message) {
            super(message);
        }
    }

    public FailingConstructor() {
        throw new InvalidConfigurationException("Environment variable GITHUB_ORG is not set");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        throw new AssertionError("never constructed");
    }
}
