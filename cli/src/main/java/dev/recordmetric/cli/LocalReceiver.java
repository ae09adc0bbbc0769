package dev.recordmetric.cli;

import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.local.FunctionPackage;
import dev.recordmetric.local.FunctionUrlServer;
import dev.recordmetric.local.LambdaInvokeEndpoint;
import dev.recordmetric.local.StateMachineFiles;
import java.net.URI;

/**
 * The webhook receiver as deployed, on loopback: the {@code receive-job-events} function (the
 * job-events jar under the Lambda runtime client) behind a local function URL ({@link FunctionUrlServer}:
 * each HTTP request becomes the payload format 2.0 event the real function URL sends).
 */
final class LocalReceiver implements AutoCloseable {

    static final String FUNCTION = "record-metric-receive-job-events";

    private final LambdaInvokeEndpoint endpoint;
    private final FunctionUrlServer url;

    private LocalReceiver(LambdaInvokeEndpoint endpoint, FunctionUrlServer url) {
        this.endpoint = endpoint;
        this.url = url;
    }

    static LocalReceiver start(FunctionPackage receiver) {
        LambdaInvokeEndpoint endpoint = LambdaInvokeEndpoint.start(FakeAws.REGION, FakeAws.ACCOUNT);
        try {
            endpoint.useFiles(StateMachineFiles.locate());
            endpoint.register(FUNCTION, receiver, LambdaInvokeEndpoint.FunctionSettings.DEFAULT);
            return new LocalReceiver(endpoint, FunctionUrlServer.start(endpoint, FUNCTION));
        } catch (RuntimeException e) {
            endpoint.close();
            throw e;
        }
    }

    /** The function URL: the webhook's Payload URL. */
    URI url() {
        return url.uri();
    }

    @Override
    public void close() {
        try {
            url.close();
        } finally {
            endpoint.close();
        }
    }
}
