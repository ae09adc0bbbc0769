package dev.recordmetric.local;

import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeAwsClients;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeOrganization;
import dev.recordmetric.fakes.TestKeys;
import dev.recordmetric.gettoken.GetTokenHandler;
import dev.recordmetric.listrunners.ListRunnersHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the two functions talk to, faked on loopback: {@link FakeGitHub} with one
 * organization, {@link FakeAws} (Secrets Manager holding the credentials secret, KMS with the
 * token key), and the real functions pointed at them: as deployed ({@link #getTokenPackage()}: the
 * jar under the Lambda runtime client, configured by its environment, signing with the fake's
 * credentials), or built in this JVM with their collaborator constructors ({@link #getTokenHandler()}),
 * which lets a test hand them its clock. Hand {@link #workflow()} to run the whole state machine.
 *
 * <p>Credentials: {@link #usePat} or {@link #useApp} before the first run. ListRunners counts the
 * pools given at the start ({@code RUNNER_POOLS}, as the Terraform module sets it), optionally in one
 * runner group ({@link #runnerGroup}).
 */
public final class FakeBackends implements AutoCloseable {

    public static final String SECRET_ARN =
            "arn:aws:secretsmanager:" + FakeAws.REGION + ":" + FakeAws.ACCOUNT + ":secret:record-metric/github-AbCdEf";
    public static final long APP_ID = 424242;
    public static final String APP_CLIENT_ID = "Iv23liRecordMetric01";
    public static final long APP_INSTALLATION_ID = 7777;
    /** The pool's Auto Scaling group when one installation id is given. */
    public static final String DEFAULT_ASG_NAME = "github-runners";

    private final FakeGitHub github;
    private final FakeAws aws;
    private final FakeAwsClients clients;
    private final String organization;
    /** Auto Scaling group name to installation id, in RUNNER_POOLS' order. */
    private final Map<String, String> pools;
    private Long runnerGroupId;
    private boolean installationIdAlone;
    private final String kmsKeyArn;
    private final Clock clock;
    private final boolean ownClock;
    private String credentialType;
    /** More of ListRunners' environment (e.g. the job ledger's {@code JOB_LEDGER_TABLE}), set before the workflow starts. */
    private final Map<String, String> listRunnersVariables = new LinkedHashMap<>();

    private FakeBackends(String organization, Map<String, String> pools, Clock clock, boolean ownClock) {
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("at least one pool");
        }
        this.organization = organization;
        this.pools = new LinkedHashMap<>(pools);
        this.clock = clock;
        this.ownClock = ownClock;
        this.github = FakeGitHub.start();
        this.aws = FakeAws.start();
        this.clients = new FakeAwsClients(aws);
        this.kmsKeyArn = aws.createKey();
        github.organization(organization);
    }

    /**
     * Fakes for organization {@code organization}, counting runners labelled
     * {@code installation_id:<installationId>} as the pool {@link #DEFAULT_ASG_NAME}.
     */
    public static FakeBackends start(String organization, String installationId) {
        return new FakeBackends(organization, Map.of(DEFAULT_ASG_NAME, installationId), Clock.systemUTC(), false);
    }

    /** Fakes counting several pools: Auto Scaling group name to installation id, in iteration order. */
    public static FakeBackends start(String organization, Map<String, String> pools) {
        return new FakeBackends(organization, pools, Clock.systemUTC(), false);
    }

    /**
     * As {@link #start(String, String)}, the handlers and GitHub reading {@code clock}: the functions
     * then run in this JVM (a process of their own could not read it).
     */
    public static FakeBackends start(String organization, String installationId, Clock clock) {
        FakeBackends backends = new FakeBackends(organization, Map.of(DEFAULT_ASG_NAME, installationId), clock, true);
        backends.github.clock(clock);
        return backends;
    }

    /** GitHub accepts {@code pat} (classic, {@code admin:org}); the secret holds it. */
    public FakeBackends usePat(String pat) {
        github.acceptToken(pat, "admin:org");
        aws.putSecret(SECRET_ARN, pat);
        credentialType = "token";
        return this;
    }

    /**
     * A GitHub App ({@link #APP_ID}) installed on the organization with the runners permission,
     * signing with {@code keys}; the secret holds {@code pem} (e.g. {@link TestKeys#pkcs1Pem}).
     */
    public FakeBackends useApp(KeyPair keys, String pem) {
        github.registerApp(APP_ID, APP_CLIENT_ID, keys.getPublic());
        github.installApp(APP_ID, organization, APP_INSTALLATION_ID);
        aws.putSecret(SECRET_ARN, pem);
        credentialType = "pem";
        return this;
    }

    /** Adds {@code name=value} to ListRunners' environment (before {@link #workflow()} or {@link #useIn}). */
    public FakeBackends listRunnersVariable(String name, String value) {
        listRunnersVariables.put(name, value);
        return this;
    }

    /** ListRunners lists only this runner group of the organization ({@code RUNNER_GROUP_ID}). */
    public FakeBackends runnerGroup(long groupId) {
        this.runnerGroupId = groupId;
        return this;
    }

    /**
     * ListRunners gets its one pool as {@code RUNNER_INSTALLATION_ID} alone, as the Terraform
     * module set it before pools, instead of {@code RUNNER_POOLS}.
     */
    public FakeBackends installationIdAlone() {
        if (pools.size() != 1) {
            throw new IllegalStateException("RUNNER_INSTALLATION_ID names one pool");
        }
        this.installationIdAlone = true;
        return this;
    }

    /** Replaces the secret's value (e.g. with something malformed). */
    public FakeBackends putSecret(String value) {
        aws.putSecret(SECRET_ARN, value);
        return this;
    }

    public FakeGitHub github() {
        return github;
    }

    public FakeOrganization organization() {
        return github.organization(organization);
    }

    public FakeAws aws() {
        return aws;
    }

    public String kmsKeyArn() {
        return kmsKeyArn;
    }

    /** GetToken's environment, as the Terraform module sets it, pointed at the fakes. */
    public Map<String, String> getTokenEnvironment() {
        if (credentialType == null) {
            throw new IllegalStateException("choose the credentials first: usePat(...) or useApp(...)");
        }
        Map<String, String> env = common();
        env.put("GITHUB_CREDENTIALS_SECRET_ARN", SECRET_ARN);
        env.put("GITHUB_CREDENTIALS_TYPE", credentialType);
        if (credentialType.equals("pem")) {
            env.put("GITHUB_APP_ID", Long.toString(APP_ID));
        }
        return env;
    }

    /** ListRunners' environment, as the Terraform module sets it, pointed at the fakes. */
    public Map<String, String> listRunnersEnvironment() {
        Map<String, String> env = common();
        if (installationIdAlone) {
            env.put("RUNNER_INSTALLATION_ID", pools.values().iterator().next());
        } else {
            ObjectNode object = Json.MAPPER.createObjectNode();
            pools.forEach(object::put);
            env.put("RUNNER_POOLS", object.toString());
        }
        if (runnerGroupId != null) {
            env.put("RUNNER_GROUP_ID", Long.toString(runnerGroupId));
        }
        env.putAll(listRunnersVariables);
        return env;
    }

    private Map<String, String> common() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", FakeAws.REGION);
        env.put("GITHUB_ORG", organization);
        env.put("GITHUB_API_URL", github.baseUrl());
        env.put("TOKEN_KMS_KEY_ID", kmsKeyArn);
        return env;
    }

    /** GetToken as deployed, pointed at these fakes: its jar, its environment, the fake's credentials. */
    public FunctionPackage getTokenPackage() {
        return FunctionPackage.getToken(withAwsEndpoints(getTokenEnvironment()), aws.credentials());
    }

    /** ListRunners as deployed, pointed at these fakes. */
    public FunctionPackage listRunnersPackage() {
        return FunctionPackage.listRunners(withAwsEndpoints(listRunnersEnvironment()), aws.credentials());
    }

    private Map<String, String> withAwsEndpoints(Map<String, String> env) {
        env.putAll(aws.endpointVariables());
        return env;
    }

    /**
     * Serves {@code workflow}'s functions from these fakes: the packages under the runtime client,
     * or, when these fakes were given a clock, the handlers in this JVM.
     */
    public void useIn(LocalWorkflow workflow) {
        if (ownClock) {
            workflow.useHandlers(getTokenHandler(), listRunnersHandler());
        } else {
            workflow.useFunctions(getTokenPackage(), listRunnersPackage());
        }
    }

    public GetTokenHandler getTokenHandler() {
        return new GetTokenHandler(getTokenEnvironment(), clients.secretsManager(), clients.kms(), clock);
    }

    public ListRunnersHandler listRunnersHandler() {
        return new ListRunnersHandler(listRunnersEnvironment(), clients.kms());
    }

    /**
     * A {@link LocalWorkflow} builder with both functions pointed at these fakes (as {@link #useIn}
     * chooses them), in the fakes' region and account; set the namespace as wanted,
     * then {@code start()}.
     */
    public LocalWorkflow.Builder workflow() {
        LocalWorkflow.Builder builder = LocalWorkflow.builder()
                .region(FakeAws.REGION)
                .accountId(FakeAws.ACCOUNT)
                .clock(clock);
        return ownClock
                ? builder.getToken(getTokenHandler()).listRunners(listRunnersHandler())
                : builder.getToken(getTokenPackage()).listRunners(listRunnersPackage());
    }

    @Override
    public void close() {
        try {
            clients.close();
        } finally {
            try {
                aws.close();
            } finally {
                github.close();
            }
        }
    }
}
