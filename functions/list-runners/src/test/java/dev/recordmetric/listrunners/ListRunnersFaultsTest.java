package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.common.TokenSeal;
import dev.recordmetric.fakes.DocumentedErrors;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeAwsClients;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeRunners;
import dev.recordmetric.fakes.Fault;
import dev.recordmetric.fakes.RecordingLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every fault the fake GitHub can produce, on page 1 and on a later page of a three-page listing. */
class ListRunnersFaultsTest {

    private static final String PAT = "ghp_listRunnersFaultsPat0123456789abcd";
    private static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:record-metric:faults";

    private FakeGitHub github;
    private FakeAws aws;
    private FakeAwsClients clients;
    private String keyArn;

    @BeforeEach
    void start() {
        aws = FakeAws.start();
        clients = new FakeAwsClients(aws.endpoint());
        keyArn = aws.createKey();
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
    }

    @Test
    void everyFaultOnAFirstOrLaterPage_leavesTheHandlerAsADocumentedNamedError() {
        Set<String> allowed = new HashSet<>(DocumentedErrors.classNames());
        allowed.add("ok");
        String sealed = new TokenSeal(clients.kms(), keyArn).seal(PAT, EXECUTION);
        List<String> outcomes = new ArrayList<>();
        for (Fault.Kind kind : Fault.Kind.values()) {
            for (boolean laterPage : new boolean[] {false, true}) {
                // A GitHub of its own: a request still in flight from the last case must not take this fault.
                github = FakeGitHub.start().acceptToken(PAT, "admin:org");
                github.organization("acme").setRunners(FakeRunners.generate(250, "abc"));
                Fault fault = Fault.example(kind);
                github.organization("acme").onPageServed(page -> {
                    if (laterPage && page == 1 && github.faults().remaining() == 0) {
                        github.faults().next(fault);
                    }
                });
                if (!laterPage) {
                    github.faults().next(fault);
                }
                String outcome = outcome(sealed);
                outcomes.add(kind + (laterPage ? " on a later page" : " on page 1") + " -> " + outcome + " after "
                        + github.requestCount("/orgs/acme/actions/runners") + " requests");
                github.close();

                assertThat(outcome).as("%s, later page: %s", kind, laterPage).isIn(allowed);
                if (!laterPage && kind != Fault.Kind.SLOW_RESPONSE) {
                    assertThat(outcome).as("%s on page 1 fails the listing", kind).isNotEqualTo("ok");
                }
            }
        }
        System.out.println(String.join(System.lineSeparator(), outcomes));
    }

    /** "ok", or the class name of what left the handler. */
    private String outcome(String sealed) {
        var context = new RecordingLambdaContext("list-runners", 2_500);
        String input = "{\"sealedToken\": \"" + sealed + "\", \"executionArn\": \"" + EXECUTION + "\"}";
        try {
            new ListRunnersHandler(env(), clients.kms()).handleRequest(
                    new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), context);
            return "ok";
        } catch (Exception | Error e) {
            return e.getClass().getName();
        }
    }

    private Map<String, String> env() {
        var env = new HashMap<String, String>();
        env.put("GITHUB_ORG", "acme");
        env.put("GITHUB_API_URL", github.baseUrl());
        env.put("RUNNER_INSTALLATION_ID", "abc");
        env.put("TOKEN_KMS_KEY_ID", keyArn);
        return env;
    }
}
