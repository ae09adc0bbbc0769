package dev.recordmetric.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.local.FunctionPackage;
import dev.recordmetric.local.LocalEngine;
import dev.recordmetric.local.StateMachineFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code terraform/examples/complete} deployed on this machine: moto 5.2.1 plays AWS
 * ({@link MotoServer}), behind one endpoint ({@link AwsProxy}) that runs the deployed functions
 * ({@link DeployedFunctions}) and stands in for what moto lacks; the real {@code terraform}
 * binary and AWS provider apply a staged copy of the example with the built jars as its
 * {@code packages/} ({@link TerraformBridge}); moto's own Step Functions interpreter runs the
 * deployed state machine. Used by the e2e test and {@code record-metric up}. Not thread-safe.
 */
public final class LocalDeployment implements AutoCloseable {

    /** The example's default region. */
    public static final String REGION = "us-west-2";
    /** What everything here signs with: moto accepts any credentials. */
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAE2ELOCALCALLER00", "e2e-local-caller-not-a-secret"));
    private static final String VARIABLES_FILE = "e2e.tfvars.json";

    /**
     * @param repository the checkout: its {@code terraform/}, {@code e2e/harness/}, {@code statemachine/}
     *     and the built jars ({@code functions/*}{@code /target/*.jar})
     * @param githubApiUrl the module's {@code github_api_url} (https)
     * @param javaToolOptions added to the functions' {@code JAVA_TOOL_OPTIONS} (the fake GitHub's trust), or null
     * @param logs where moto's log goes
     * @param python a Python 3 with {@code moto[server]} 5.2.1
     * @param progress receives a line for each step (may be null)
     */
    public record Options(Path repository, String githubApiUrl, String javaToolOptions, Path logs, String python,
            Consumer<String> progress) {

        public Options {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(githubApiUrl, "githubApiUrl");
            Objects.requireNonNull(logs, "logs");
            python = python == null ? "python3" : python;
            progress = progress == null ? line -> { } : progress;
        }
    }

    /** A managed resource in the Terraform state, with its attributes ({@code terraform show -json}). */
    public record Resource(String address, String type, JsonNode values) {}

    /** The Terraform state after an apply: every managed resource, and the outputs. */
    public record Applied(List<Resource> resources, Map<String, JsonNode> outputs, Duration took) {

        public List<String> addresses() {
            return resources.stream().map(Resource::address).toList();
        }
    }

    /** What a destroy removed (the resources in the state before it), and what the state still holds. */
    public record Destroyed(List<String> addresses, List<String> remaining, Duration took) {}

    private final Options options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final LambdaStandIn lambda;
    private final AwsProxy proxy;
    private final DeployedFunctions functions;
    private final TerraformBridge terraform;
    private final TerraformBridge.Staged staged;
    private LocalEngine validator;
    private Map<String, Object> variables;
    private boolean applied;

    private LocalDeployment(Options options) {
        this.options = options;
        Path repository = options.repository().toAbsolutePath();
        try {
            lambda = keep(new LambdaStandIn());
            proxy = keep(AwsProxy.start(new StepFunctionsStandIn(this::validate), lambda));
            options.progress().accept("moto " + MotoServer.VERSION + " (its Step Functions interpreter calling " + proxy.uri() + ")");
            MotoServer moto = keep(MotoServer.start(options.python(), repository.resolve("e2e/harness/moto_server.py"), proxy.port(),
                    options.logs().resolve("moto.log")));
            proxy.forwardTo(moto.uri());
            String accountId;
            try (StsClient sts = StsClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(proxy.uri())
                    .region(Region.of(REGION)).credentialsProvider(CREDENTIALS).build()) {
                accountId = sts.getCallerIdentity().account();
            }
            Map<String, String> machine = new LinkedHashMap<>();
            machine.put("AWS_ENDPOINT_URL", proxy.uri().toString());
            if (options.javaToolOptions() != null) {
                machine.put("JAVA_TOOL_OPTIONS", options.javaToolOptions());
            }
            functions = keep(new DeployedFunctions(proxy.uri(), CREDENTIALS, REGION, accountId, lambda, machine));
            proxy.invokeWith(functions);
            terraform = keep(TerraformBridge.start("node", repository.resolve("e2e/harness/terraform.mjs")));
            staged = terraform.stage("complete", builtPackages(repository));
            options.progress().accept(staged.terraformVersion() + ", AWS provider from "
                    + (staged.mirror() != null ? "the mirror " + staged.mirror() : "the registry") + "; terraform init");
            terraform.runOrFail(staged.dir(), List.of("init", "-input=false", "-no-color"));
        } catch (RuntimeException e) {
            closeStarted();
            throw e;
        }
    }

    /** The jars the build made, as the module's release archive has them in {@code packages/}. */
    private static Map<String, Path> builtPackages(Path repository) {
        Map<String, Path> packages = new LinkedHashMap<>();
        for (String function : List.of("get-token", "list-runners", "job-events")) {
            Path jar = FunctionPackage.jar(repository, function);
            if (!Files.isRegularFile(jar)) {
                throw new LocalDeploymentException(jar + " does not exist: " + FunctionPackage.BUILD_THEM);
            }
            packages.put(function + ".jar", jar);
        }
        return packages;
    }

    /** Starts moto, the proxy and the functions' host, stages the example and runs {@code terraform init}. */
    public static LocalDeployment start(Options options) {
        return new LocalDeployment(options);
    }

    private <T extends AutoCloseable> T keep(T resource) {
        started.add(resource);
        return resource;
    }

    /** asl-validator on the definition, as the statemachine module's tests run it. */
    private synchronized List<String> validate(String definition) {
        if (validator == null) {
            validator = keep(LocalEngine.start(new LocalEngine.Options(
                    new StateMachineFiles(options.repository().toAbsolutePath().resolve("statemachine")),
                    URI.create("http://127.0.0.1:9"), REGION, null, null)));
        }
        return validator.validate(definition);
    }

    /**
     * {@code terraform apply} of the example with these variables (besides the emulator's own:
     * {@code aws_endpoint}, {@code github_api_url}); a second apply changes what differs.
     */
    public Applied apply(Map<String, Object> exampleVariables) {
        Map<String, Object> all = new LinkedHashMap<>(exampleVariables);
        all.put("aws_endpoint", proxy.uri().toString());
        all.put("github_api_url", options.githubApiUrl());
        writeVariables(all);
        variables = all;
        Instant began = Instant.now();
        options.progress().accept("terraform apply");
        applied = true;
        terraform.runOrFail(staged.dir(), List.of("apply", "-auto-approve", "-input=false", "-no-color", "-var-file=" + VARIABLES_FILE));
        JsonNode state = state();
        Map<String, JsonNode> outputs = new LinkedHashMap<>();
        state.path("values").path("outputs").properties().forEach(o -> outputs.put(o.getKey(), o.getValue().path("value")));
        return new Applied(resources(state), outputs, Duration.between(began, Instant.now()));
    }

    /**
     * {@code terraform plan} with the last apply's variables, read back with {@code show -json}: the
     * address and actions of every resource it would change. None when what the emulator answers
     * matches what the provider wrote.
     */
    public Map<String, List<String>> plannedChanges() {
        terraform.runOrFail(staged.dir(), List.of("plan", "-input=false", "-no-color", "-out=e2e.tfplan", "-var-file=" + VARIABLES_FILE));
        TerraformBridge.Result shown = terraform.runOrFail(staged.dir(), List.of("show", "-json", "-no-color", "e2e.tfplan"));
        Map<String, List<String>> changes = new LinkedHashMap<>();
        try {
            for (JsonNode change : Json.MAPPER.readTree(shown.stdout()).path("resource_changes")) {
                List<String> actions = new ArrayList<>();
                change.path("change").path("actions").forEach(a -> actions.add(a.asText()));
                if (!actions.equals(List.of("no-op")) && !actions.equals(List.of("read"))) {
                    changes.put(change.path("address").asText(), actions);
                }
            }
        } catch (IOException e) {
            throw new LocalDeploymentException("terraform show -json printed no JSON", e);
        }
        return changes;
    }

    /** {@code terraform destroy} with the last apply's variables. */
    public Destroyed destroy() {
        if (variables == null) {
            throw new IllegalStateException("nothing was applied");
        }
        Instant began = Instant.now();
        List<String> before = resources(state()).stream().map(Resource::address).toList();
        options.progress().accept("terraform destroy");
        terraform.runOrFail(staged.dir(), List.of("destroy", "-auto-approve", "-input=false", "-no-color", "-var-file=" + VARIABLES_FILE));
        applied = false;
        return new Destroyed(before, resources(state()).stream().map(Resource::address).toList(), Duration.between(began, Instant.now()));
    }

    private void writeVariables(Map<String, Object> values) {
        ObjectNode json = Json.MAPPER.valueToTree(values);
        try {
            Files.writeString(staged.dir().resolve(VARIABLES_FILE), json.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode state() {
        TerraformBridge.Result shown = terraform.runOrFail(staged.dir(), List.of("show", "-json", "-no-color"));
        try {
            return Json.MAPPER.readTree(shown.stdout());
        } catch (IOException e) {
            throw new LocalDeploymentException("terraform show -json printed no JSON: " + shown.stdout(), e);
        }
    }

    /** The managed resources' addresses, child modules included. */
    private static List<Resource> resources(JsonNode state) {
        List<Resource> found = new ArrayList<>();
        collect(state.path("values").path("root_module"), found);
        return List.copyOf(found);
    }

    private static void collect(JsonNode module, List<Resource> found) {
        module.path("resources").forEach(r -> {
            if (r.path("mode").asText().equals("managed")) {
                found.add(new Resource(r.path("address").asText(), r.path("type").asText(), r.path("values")));
            }
        });
        module.path("child_modules").forEach(child -> collect(child, found));
    }

    /** The endpoint every AWS client of this deployment uses (sign with {@link #CREDENTIALS}). */
    public URI endpoint() {
        return proxy.uri();
    }

    public AwsProxy proxy() {
        return proxy;
    }

    public DeployedFunctions functions() {
        return functions;
    }

    /** Destroys what is still applied, then stops everything that was started. */
    @Override
    public void close() {
        try {
            if (applied) {
                destroy();
            }
        } finally {
            closeStarted();
        }
    }

    private void closeStarted() {
        RuntimeException failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new LocalDeploymentException("stopping the local deployment failed: " + e.getMessage(), e);
                }
            }
        }
        started.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
