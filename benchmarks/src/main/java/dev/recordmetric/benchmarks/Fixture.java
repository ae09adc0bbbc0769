package dev.recordmetric.benchmarks;

import dev.recordmetric.common.TokenSeal;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeAwsClients;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeRunners;
import dev.recordmetric.fakes.TestKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fakes every measurement runs against, started once: a fake GitHub with one organization per
 * fleet size ({@code bench-<n>}, runners from {@link FakeRunners#generate}), a PAT and an installed
 * GitHub App, and fake Secrets Manager and KMS with both kinds of credentials and a sealing key.
 */
final class Fixture implements AutoCloseable {

    static final String PAT = "ghp_benchmarkToken0123456789abcdefghijkl";
    static final String INSTALLATION_LABEL = "bench";
    static final String EXECUTION_ARN = "arn:aws:states:eu-west-1:123456789012:execution:record-metric:bench-1";
    static final long APP_ID = 424242;
    static final long APP_INSTALLATION_ID = 77;

    final FakeGitHub github;
    final FakeAws aws;
    final FakeAwsClients clients;
    final String keyArn;
    final String patSecretArn;
    final String pemSecretArn;

    Fixture(List<Integer> fleetSizes) {
        github = FakeGitHub.start().acceptToken(PAT, "admin:org").rateLimit(10_000_000);
        for (int size : fleetSizes) {
            github.organization(organization(size)).setRunners(FakeRunners.generate(size, INSTALLATION_LABEL));
        }
        KeyPair app = TestKeys.rsaKeyPair();
        github.registerApp(APP_ID, "Iv23liBenchmark", app.getPublic());
        github.installApp(APP_ID, organization(fleetSizes.get(0)), APP_INSTALLATION_ID);
        aws = FakeAws.start();
        clients = new FakeAwsClients(aws);
        keyArn = aws.createKey();
        patSecretArn = aws.putSecret("arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench-pat-AbCdEf", PAT);
        pemSecretArn = aws.putSecret("arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench-pem-AbCdEf",
                TestKeys.pkcs1Pem(app.getPrivate()));
    }

    static String organization(int size) {
        return "bench-" + size;
    }

    String sealedPat() {
        return new TokenSeal(clients.kms(), keyArn).seal(PAT, EXECUTION_ARN);
    }

    void latency(Duration github, Duration awsLatency) {
        this.github.latency(github);
        this.aws.latency(awsLatency);
    }

    /** ListRunners' environment as Terraform sets it, pointing at the fakes. */
    Map<String, String> listRunnersEnv(int size) {
        var env = common(organization(size));
        env.put("RUNNER_INSTALLATION_ID", INSTALLATION_LABEL);
        return env;
    }

    /** GetToken's environment for a personal access token. */
    Map<String, String> getTokenPatEnv(int size) {
        var env = common(organization(size));
        env.put("GITHUB_CREDENTIALS_SECRET_ARN", patSecretArn);
        env.put("GITHUB_CREDENTIALS_TYPE", "token");
        return env;
    }

    /** GetToken's environment for the GitHub App (installed on the first fleet's organization). */
    Map<String, String> getTokenAppEnv(int size) {
        var env = common(organization(size));
        env.put("GITHUB_CREDENTIALS_SECRET_ARN", pemSecretArn);
        env.put("GITHUB_CREDENTIALS_TYPE", "pem");
        env.put("GITHUB_APP_ID", Long.toString(APP_ID));
        return env;
    }

    private Map<String, String> common(String organization) {
        var env = new LinkedHashMap<String, String>();
        env.put("GITHUB_ORG", organization);
        env.put("GITHUB_API_URL", github.baseUrl());
        env.put("TOKEN_KMS_KEY_ID", keyArn);
        env.put("AWS_REGION", FakeAws.REGION);
        return env;
    }

    @Override
    public void close() {
        clients.close();
        aws.close();
        github.close();
    }
}
