package dev.recordmetric.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What moto 5.2.1's Lambda drops, kept from the requests and put back into its answers. */
class LambdaStandInTest {

    private static final byte[] CODE = "PK\u0003\u0004 a jar".getBytes(StandardCharsets.ISO_8859_1);

    private final LambdaStandIn standIn = new LambdaStandIn();

    @AfterEach
    void close() {
        standIn.close();
    }

    private static AwsProxy.Request request(String method, String path, JsonNode body) throws Exception {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", List.of("application/json"));
        return new AwsProxy.Request(method, path, null, headers, body == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(body));
    }

    /** A configuration as moto answers it: SnapStart always None, no LoggingConfig. */
    private static AwsProxy.Reply moto(String version) {
        ObjectNode configuration = Json.MAPPER.createObjectNode().put("FunctionName", "fn").put("Version", version);
        configuration.putObject("SnapStart").put("ApplyOn", "None").put("OptimizationStatus", "Off");
        return AwsProxy.Reply.json(200, "application/json", configuration);
    }

    private static JsonNode json(AwsProxy.Reply reply) {
        return reply.json().orElseThrow();
    }

    private void create(String applyOn) throws Exception {
        ObjectNode create = Json.MAPPER.createObjectNode().put("FunctionName", "fn").put("Publish", true);
        create.putObject("Code").put("ZipFile", Base64.getEncoder().encodeToString(CODE));
        create.putObject("SnapStart").put("ApplyOn", applyOn);
        create.putObject("LoggingConfig").put("LogFormat", "JSON").put("LogGroup", "/aws/lambda/fn");
        AwsProxy.Request request = request("POST", "/2015-03-31/functions", create);
        standIn.beforeForwarding(request);
        standIn.afterForwarding(request, moto("1"));
    }

    @Test
    void createFunction_keepsThePackageByItsSha256_asMotoReportsItInCodeSha256() throws Exception {
        create("PublishedVersions");

        String sha = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(CODE));
        assertThat(standIn.packageWithSha256(sha)).hasValueSatisfying(path -> assertThat(path).hasBinaryContent(CODE));
        assertThat(standIn.packageWithSha256("other")).isEmpty();
    }

    @Test
    void getFunction_ofAPublishedVersion_answersSnapStartOn_andTheLoggingConfigSent() throws Exception {
        create("PublishedVersions");
        AwsProxy.Request get = request("GET", "/2015-03-31/functions/fn", null);
        ObjectNode motoAnswer = Json.MAPPER.createObjectNode();
        motoAnswer.set("Configuration", json(moto("1")));

        JsonNode answer = json(standIn.afterForwarding(get, AwsProxy.Reply.json(200, "application/json", motoAnswer)));

        assertThat(answer.path("Configuration").path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(answer.path("Configuration").path("SnapStart").path("OptimizationStatus").asText()).isEqualTo("On");
        assertThat(answer.path("Configuration").path("LoggingConfig").path("LogFormat").asText()).isEqualTo("JSON");
    }

    @Test
    void getFunctionConfiguration_ofLatest_isSnapStartOff_asLambdaAnswersForTheUnpublishedVersion() throws Exception {
        create("PublishedVersions");
        AwsProxy.Request get = request("GET", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012%3Afunction%3Afn/configuration", null);

        JsonNode answer = json(standIn.afterForwarding(get, moto("$LATEST")));

        assertThat(answer.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(answer.path("SnapStart").path("OptimizationStatus").asText()).isEqualTo("Off");
    }

    @Test
    void updateFunctionConfiguration_thenPublishVersion_theNewVersionHasTheNewSettings_theOldOneKeepsItsOwn() throws Exception {
        create("None");
        ObjectNode update = Json.MAPPER.createObjectNode();
        update.putObject("SnapStart").put("ApplyOn", "PublishedVersions");
        AwsProxy.Request configure = request("PUT", "/2015-03-31/functions/fn/configuration", update);
        standIn.beforeForwarding(configure);
        standIn.afterForwarding(configure, moto("$LATEST"));
        AwsProxy.Request publish = request("POST", "/2015-03-31/functions/fn/versions", Json.MAPPER.createObjectNode());
        standIn.afterForwarding(publish, moto("2"));

        JsonNode version2 = json(standIn.afterForwarding(request("GET", "/2015-03-31/functions/fn/configuration", null), moto("2")));
        JsonNode version1 = json(standIn.afterForwarding(request("GET", "/2015-03-31/functions/fn/configuration", null), moto("1")));

        assertThat(version2.path("SnapStart").path("OptimizationStatus").asText()).isEqualTo("On");
        assertThat(version1.path("SnapStart").path("ApplyOn").asText()).isEqualTo("None");
        assertThat(version1.path("SnapStart").path("OptimizationStatus").asText()).isEqualTo("Off");
        assertThat(version1.path("LoggingConfig").path("LogFormat").asText()).as("unchanged settings stay").isEqualTo("JSON");
    }

    @Test
    void aFunctionThatDidNotPassThrough_isAnsweredAsMotoAnswers() throws Exception {
        AwsProxy.Reply reply = moto("$LATEST");

        AwsProxy.Reply answer = standIn.afterForwarding(request("GET", "/2015-03-31/functions/fn/configuration", null), reply);

        assertThat(json(answer)).isEqualTo(json(reply));
    }

    @Test
    void close_deletesTheKeptPackages() throws Exception {
        create("None");
        String sha = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(CODE));
        var file = standIn.packageWithSha256(sha).orElseThrow();

        standIn.close();

        assertThat(Files.exists(file)).isFalse();
    }
}
