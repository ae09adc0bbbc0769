package dev.recordmetric.cli;

import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeAwsClients;
import dev.recordmetric.gettoken.GetTokenHandler;
import dev.recordmetric.listrunners.ListRunnersHandler;
import dev.recordmetric.local.FakeBackends;
import dev.recordmetric.local.FunctionPackage;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The two real functions pointed at the operator's GitHub, with the local fakes standing in for
 * Secrets Manager (holding the operator's token or private key, as the deployed secret would) and
 * KMS (sealing the token between the two functions): as deployed ({@link #getTokenPackage()}, the
 * jars under the Lambda runtime client, for {@code run}) or as handlers in this JVM ({@link #getToken()},
 * for {@code doctor}). The fakes answer only requests signed with their per-run random credentials,
 * which only these functions get: no other local process can read the token or key from them.
 */
final class LocalFunctions implements AutoCloseable {

    private final FakeAws aws;
    private final FakeAwsClients clients;
    private final String kmsKeyArn;
    private final GitHubOptions.Credentials credentials;
    /** Auto Scaling group name to installation id, for {@code run}; null: {@code RUNNER_INSTALLATION_ID} alone. */
    private final Map<String, String> pools;

    LocalFunctions(GitHubOptions.Credentials credentials) {
        this(credentials, null);
    }

    LocalFunctions(GitHubOptions.Credentials credentials, Map<String, String> pools) {
        this.credentials = credentials;
        this.pools = pools;
        this.aws = FakeAws.start();
        this.clients = new FakeAwsClients(aws);
        this.kmsKeyArn = aws.createKey();
        aws.putSecret(FakeBackends.SECRET_ARN, credentials.secret());
    }

    GetTokenHandler getToken() {
        return new GetTokenHandler(getTokenEnvironment(), clients.secretsManager(), clients.kms());
    }

    ListRunnersHandler listRunners() {
        return new ListRunnersHandler(listRunnersEnvironment(), clients.kms());
    }

    /** GetToken as deployed: its jar under the runtime client, its environment, the fakes' credentials. */
    FunctionPackage getTokenPackage() {
        return FunctionPackage.getToken(withAwsEndpoints(getTokenEnvironment()), aws.credentials());
    }

    FunctionPackage listRunnersPackage() {
        return FunctionPackage.listRunners(withAwsEndpoints(listRunnersEnvironment()), aws.credentials());
    }

    private Map<String, String> getTokenEnvironment() {
        Map<String, String> env = common();
        env.put("GITHUB_CREDENTIALS_SECRET_ARN", FakeBackends.SECRET_ARN);
        env.put("GITHUB_CREDENTIALS_TYPE", credentials.type());
        if (credentials.appId() != null) {
            env.put("GITHUB_APP_ID", credentials.appId());
        }
        return env;
    }

    private Map<String, String> listRunnersEnvironment() {
        Map<String, String> env = common();
        if (pools == null) {
            env.put("RUNNER_INSTALLATION_ID", credentials.installationId());
            return env;
        }
        var object = dev.recordmetric.common.Json.MAPPER.createObjectNode();
        pools.forEach(object::put);
        env.put("RUNNER_POOLS", object.toString());
        return env;
    }

    private Map<String, String> withAwsEndpoints(Map<String, String> env) {
        env.putAll(aws.endpointVariables());
        return env;
    }

    KmsClient kms() {
        return clients.kms();
    }

    String kmsKeyArn() {
        return kmsKeyArn;
    }

    private Map<String, String> common() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", FakeAws.REGION);
        env.put("GITHUB_ORG", credentials.organization());
        env.put("GITHUB_API_URL", credentials.apiUrl().toString());
        env.put("TOKEN_KMS_KEY_ID", kmsKeyArn);
        return env;
    }

    /** The handlers' messages name the local secret; say where the operator's key really came from. */
    static String explain(String message, GitHubOptions options) {
        String where = options.pemFile != null ? "The PEM file " + options.pemFile : "The token in " + options.tokenVariable;
        return message.replace("Secret " + FakeBackends.SECRET_ARN, where)
                .replace("secret " + FakeBackends.SECRET_ARN, where.toLowerCase(java.util.Locale.ROOT).charAt(0) + where.substring(1));
    }

    @Override
    public void close() {
        try {
            clients.close();
        } finally {
            aws.close();
        }
    }
}
