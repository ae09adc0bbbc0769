package dev.recordmetric.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What moto 5.2.1's Lambda does not keep, kept here from the requests that pass through the proxy
 * to it (e2e/README.md, "Stand-ins"):
 * <ul>
 *   <li><b>the code.</b> moto stores an uploaded package but cannot give it back: {@code GetFunction}'s
 *       {@code Code.Location} names an S3 URL it never stored, and its {@code /moto-api/data.json}
 *       fails on its Docker-client property. Each package of a {@code CreateFunction} or
 *       {@code UpdateFunctionCode} is kept, by its SHA-256, byte for byte as it went to moto;
 *       {@link #packageWithSha256} gives the one whose hash moto reports as the function's
 *       {@code CodeSha256} (moto computes it from the bytes it received).</li>
 *   <li><b>{@code SnapStart} and {@code LoggingConfig}.</b> moto ignores both in
 *       {@code CreateFunction} and {@code UpdateFunctionConfiguration} and always answers SnapStart
 *       {@code ApplyOn: None}. What was sent is kept per function, and per version when one is
 *       published, and put into the configurations moto answers, as Lambda answers them:
 *       {@code OptimizationStatus: On} for a published version of a {@code PublishedVersions}
 *       function, {@code Off} otherwise.</li>
 * </ul>
 * Thread-safe.
 */
public final class LambdaStandIn implements AutoCloseable {

    private static final String LATEST = "$LATEST";
    private static final Pattern FUNCTIONS = Pattern.compile("^/2015-03-31/functions/?$");
    private static final Pattern FUNCTION = Pattern.compile("^/2015-03-31/functions/([^/]+)$");
    private static final Pattern FUNCTION_PART = Pattern.compile("^/2015-03-31/functions/([^/]+)/(configuration|code|versions)$");
    private static final Pattern ARN_NAME = Pattern.compile("^arn:[^:]+:lambda:[^:]+:\\d{12}:function:([^:]+)(:.+)?$");

    /** The settings moto drops, as last sent: each a JSON object, or null if never sent. */
    private record Settings(JsonNode snapStart, JsonNode loggingConfig) {
        Settings with(JsonNode newSnapStart, JsonNode newLoggingConfig) {
            return new Settings(newSnapStart != null ? newSnapStart : snapStart, newLoggingConfig != null ? newLoggingConfig : loggingConfig);
        }
    }

    private final Path directory;
    private final Map<String, Path> packages = new ConcurrentHashMap<>();
    private final Map<String, Settings> latest = new ConcurrentHashMap<>();
    private final Map<String, Settings> versions = new ConcurrentHashMap<>();

    public LambdaStandIn() {
        try {
            this.directory = Files.createTempDirectory("record-metric-packages-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The package that went to moto with this SHA-256 (base64, as Lambda's {@code CodeSha256}). */
    public Optional<Path> packageWithSha256(String codeSha256) {
        return Optional.ofNullable(packages.get(codeSha256));
    }

    /** Keeps what moto will drop of {@code request}. */
    void beforeForwarding(AwsProxy.Request request) {
        String operation = operation(request);
        if (operation == null) {
            return;
        }
        switch (operation) {
            case "CreateFunction" -> request.json().ifPresent(p -> {
                keepPackage(p.path("Code").path("ZipFile"));
                latest.put(p.path("FunctionName").asText(), new Settings(null, null).with(object(p, "SnapStart"), object(p, "LoggingConfig")));
            });
            case "UpdateFunctionCode" -> request.json().ifPresent(p -> keepPackage(p.path("ZipFile")));
            case "UpdateFunctionConfiguration" -> request.json().ifPresent(p -> latest.compute(functionName(request),
                    (name, was) -> (was == null ? new Settings(null, null) : was).with(object(p, "SnapStart"), object(p, "LoggingConfig"))));
            default -> { }
        }
    }

    /** Moto's {@code reply} to {@code request}, with what moto dropped put back. */
    AwsProxy.Reply afterForwarding(AwsProxy.Request request, AwsProxy.Reply reply) {
        String operation = operation(request);
        if (operation == null || reply.status() / 100 != 2) {
            return reply;
        }
        Optional<JsonNode> body = reply.json();
        if (body.isEmpty() || !(body.get() instanceof ObjectNode json)) {
            if (operation.equals("DeleteFunction") && request.queryParameter("Qualifier").isEmpty()) {
                String name = functionName(request);
                latest.remove(name);
                versions.keySet().removeIf(key -> key.startsWith(name + ":"));
            }
            return reply;
        }
        switch (operation) {
            case "CreateFunction", "UpdateFunctionCode", "PublishVersion" -> {
                keepVersion(json);
                complete(json);
            }
            case "UpdateFunctionConfiguration", "GetFunctionConfiguration" -> complete(json);
            case "GetFunction" -> {
                if (json.path("Configuration") instanceof ObjectNode configuration) {
                    complete(configuration);
                }
            }
            case "ListVersionsByFunction" -> json.path("Versions").forEach(v -> {
                if (v instanceof ObjectNode configuration) {
                    complete(configuration);
                }
            });
            case "ListFunctions" -> json.path("Functions").forEach(f -> {
                if (f instanceof ObjectNode configuration) {
                    complete(configuration);
                }
            });
            default -> {
                return reply;
            }
        }
        try {
            return reply.withBody(Json.MAPPER.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Lambda operation of {@code request} this stand-in takes part in, or null. */
    private static String operation(AwsProxy.Request request) {
        String method = request.method();
        String path = request.path();
        if (FUNCTIONS.matcher(path).matches()) {
            return method.equals("POST") ? "CreateFunction" : method.equals("GET") ? "ListFunctions" : null;
        }
        if (FUNCTION.matcher(path).matches()) {
            return method.equals("GET") ? "GetFunction" : method.equals("DELETE") ? "DeleteFunction" : null;
        }
        Matcher part = FUNCTION_PART.matcher(path);
        if (!part.matches()) {
            return null;
        }
        return switch (part.group(2) + " " + method) {
            case "configuration GET" -> "GetFunctionConfiguration";
            case "configuration PUT" -> "UpdateFunctionConfiguration";
            case "code PUT" -> "UpdateFunctionCode";
            case "versions POST" -> "PublishVersion";
            case "versions GET" -> "ListVersionsByFunction";
            default -> null;
        };
    }

    /** The function named in the request's path (a name, or the name inside an ARN). */
    private static String functionName(AwsProxy.Request request) {
        Matcher function = Pattern.compile("^/2015-03-31/functions/([^/]+)").matcher(request.path());
        if (!function.find()) {
            return "";
        }
        String named = URLDecoder.decode(function.group(1), StandardCharsets.UTF_8);
        Matcher arn = ARN_NAME.matcher(named);
        return arn.matches() ? arn.group(1) : named.contains(":") ? named.substring(0, named.indexOf(':')) : named;
    }

    private static JsonNode object(JsonNode parameters, String name) {
        JsonNode value = parameters.get(name);
        return value != null && value.isObject() ? value.deepCopy() : null;
    }

    private void keepPackage(JsonNode zipFile) {
        if (zipFile == null || !zipFile.isTextual()) {
            return;
        }
        byte[] code = Base64.getDecoder().decode(zipFile.asText());
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(code);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        packages.computeIfAbsent(Base64.getEncoder().encodeToString(digest), sha -> {
            Path file = directory.resolve(HexFormat.of().formatHex(digest) + ".jar");
            try {
                Files.write(file, code);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        });
    }

    /** A version just published takes the function's settings as they are now. */
    private void keepVersion(ObjectNode configuration) {
        String name = configuration.path("FunctionName").asText();
        String version = configuration.path("Version").asText(LATEST);
        Settings settings = latest.get(name);
        if (!version.equals(LATEST) && settings != null) {
            versions.put(name + ":" + version, settings);
        }
    }

    private void complete(ObjectNode configuration) {
        String name = configuration.path("FunctionName").asText();
        String version = configuration.path("Version").asText(LATEST);
        Settings settings = version.equals(LATEST) ? latest.get(name) : versions.get(name + ":" + version);
        if (settings == null) {
            return;
        }
        if (settings.snapStart() != null) {
            String applyOn = settings.snapStart().path("ApplyOn").asText("None");
            boolean on = applyOn.equals("PublishedVersions") && !version.equals(LATEST);
            configuration.putObject("SnapStart").put("ApplyOn", applyOn).put("OptimizationStatus", on ? "On" : "Off");
        }
        if (settings.loggingConfig() != null) {
            configuration.set("LoggingConfig", settings.loggingConfig().deepCopy());
        }
    }

    @Override
    public void close() {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
