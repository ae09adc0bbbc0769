package dev.recordmetric.gettoken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.fakes.DocumentedErrors;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeAwsClients;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.Fault;
import dev.recordmetric.fakes.RecordingLambdaContext;
import dev.recordmetric.fakes.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every fault the fake GitHub can produce, on every request of the App token mint. */
class GetTokenFaultsTest {

    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:github-creds-AbCdEf";
    private static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:record-metric:faults";
    private static final long APP_ID = 4242;
    private static final long INSTALLATION_ID = 777;
    private static final List<String> MINT_REQUESTS = List.of(
            "/app", "/orgs/acme/installation", "/app/installations/" + INSTALLATION_ID + "/access_tokens");

    private FakeGitHub github;
    private FakeAws aws;
    private FakeAwsClients clients;
    private String keyArn;

    @BeforeEach
    void start() {
        github = FakeGitHub.start();
        aws = FakeAws.start();
        clients = new FakeAwsClients(aws.endpoint());
        keyArn = aws.createKey();
        github.registerApp(APP_ID, "Iv23liTestClient", TestKeys.rsaKeyPair().getPublic());
        github.installApp(APP_ID, "acme", INSTALLATION_ID);
        aws.putSecret(SECRET_ARN, TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
        github.close();
    }

    @Test
    void everyFaultOnEveryMintRequest_leavesTheHandlerAsADocumentedNamedError() {
        Set<String> documented = DocumentedErrors.classNames();
        List<String> outcomes = new ArrayList<>();
        for (Fault.Kind kind : Fault.Kind.values()) {
            for (String path : MINT_REQUESTS) {
                github.faults().clear();
                github.faults().nextOn(path, Fault.example(kind));
                String outcome = outcome(new GetTokenHandler(env(), clients.secretsManager(), clients.kms()));
                outcomes.add(kind + " on " + path + " -> " + outcome);

                assertThat(outcome).as("%s on %s", kind, path).isIn(union(documented, "ok"));
                if (path.equals("/app") && !kind.name().startsWith("LINK_")) {
                    assertThat(outcome).as("%s on GET /app fails the mint", kind).isNotEqualTo("ok");
                }
            }
        }
        System.out.println(String.join(System.lineSeparator(), outcomes));
    }

    private static Set<String> union(Set<String> names, String more) {
        var all = new java.util.HashSet<>(names);
        all.add(more);
        return all;
    }

    /** "ok", or the class name of what left the handler. */
    private static String outcome(GetTokenHandler handler) {
        var context = new RecordingLambdaContext("get-token", 2_500);
        var input = "{\"executionArn\": \"" + EXECUTION + "\"}";
        try {
            handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), context);
            return "ok";
        } catch (Exception | Error e) {
            return e.getClass().getName();
        }
    }

    private Map<String, String> env() {
        var env = new HashMap<String, String>();
        env.put("GITHUB_ORG", "acme");
        env.put("GITHUB_API_URL", github.baseUrl());
        env.put("GITHUB_CREDENTIALS_SECRET_ARN", SECRET_ARN);
        env.put("GITHUB_CREDENTIALS_TYPE", "pem");
        env.put("GITHUB_APP_ID", Long.toString(APP_ID));
        env.put("TOKEN_KMS_KEY_ID", keyArn);
        return env;
    }
}
