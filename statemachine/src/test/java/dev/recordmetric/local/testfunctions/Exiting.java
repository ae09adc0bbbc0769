package dev.recordmetric.local.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Ends its process with the status in its payload ("crash"), or answers its process id. */
public final class Exiting implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        String payload = new String(input.readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!payload.isEmpty() && !payload.equals("{}")) {
            Runtime.getRuntime().halt(Integer.parseInt(payload));
        }
        output.write(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8));
    }
}
