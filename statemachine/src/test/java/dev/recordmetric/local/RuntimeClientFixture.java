package dev.recordmetric.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;

/**
 * The functions' deployable jars' surroundings for tests that invoke them through the Lambda
 * Invoke API: the fakes they call (a PAT in the secret), the local endpoint in the fakes' region and
 * account, and a client signing with the endpoint's credentials.
 */
final class RuntimeClientFixture implements AutoCloseable {

    final FakeBackends backends;
    final LambdaInvokeEndpoint endpoint = LambdaInvokeEndpoint.start(FakeAws.REGION, FakeAws.ACCOUNT);

    RuntimeClientFixture(String pat) {
        this.backends = FakeBackends.start("acme", "abc").usePat(pat);
    }

    HttpResponse<String> invoke(String function, String payload) {
        URI uri = URI.create(endpoint.uri() + "/2015-03-31/functions/" + function + "/invocations");
        return TestHttp.post(uri, payload, endpoint.credentials(), "lambda", endpoint.region());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.STRICT.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        endpoint.close();
        backends.close();
    }
}
