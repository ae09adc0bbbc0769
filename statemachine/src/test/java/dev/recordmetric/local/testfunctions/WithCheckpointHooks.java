package dev.recordmetric.local.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.crac.Core;
import org.crac.Resource;

/**
 * Registers a CRaC resource, as the functions' CheckpointPriming does, and answers which of its
 * hooks ran, in which order, and what initialization type the runtime set.
 */
public final class WithCheckpointHooks implements RequestStreamHandler, Resource {

    private final StringBuilder hooks = new StringBuilder();

    public WithCheckpointHooks() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        hooks.append("beforeCheckpoint,");
        LambdaRuntime.getLogger().log("before checkpoint");
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        hooks.append("afterRestore,");
        LambdaRuntime.getLogger().log("after restore");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        output.write(("{\"hooks\":\"" + hooks + "\",\"initializationType\":\"" + System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE")
                + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
