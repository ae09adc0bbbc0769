package dev.recordmetric.local.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Answers what the runtime told it: the payload and the context, as a JSON object; logs one line. */
public final class ContextEcho implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String payload = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        context.getLogger().log("echo " + context.getAwsRequestId());
        String json = "{\"payload\":" + payload
                + ",\"requestId\":\"" + context.getAwsRequestId() + "\""
                + ",\"functionName\":\"" + context.getFunctionName() + "\""
                + ",\"functionVersion\":\"" + context.getFunctionVersion() + "\""
                + ",\"invokedFunctionArn\":\"" + context.getInvokedFunctionArn() + "\""
                + ",\"logGroupName\":\"" + context.getLogGroupName() + "\""
                + ",\"logStreamName\":\"" + context.getLogStreamName() + "\""
                + ",\"memoryLimitInMB\":" + context.getMemoryLimitInMB()
                + ",\"remainingTimeInMillis\":" + context.getRemainingTimeInMillis()
                + ",\"region\":\"" + System.getenv("AWS_REGION") + "\""
                + ",\"accessKeyId\":\"" + System.getenv("AWS_ACCESS_KEY_ID") + "\""
                + ",\"pid\":" + ProcessHandle.current().pid() + "}";
        output.write(json.getBytes(StandardCharsets.UTF_8));
    }
}
