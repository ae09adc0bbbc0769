package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Jwts;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeGitHubAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long APP_ID = 4242;
    private static final String CLIENT_ID = "Iv23liFakeClient";
    private static final long INSTALLATION_ID = 777;
    private static final Instant NOW = Instant.parse("2026-11-27T03:20:00Z");

    private final KeyPair keys = TestKeys.rsaKeyPair();
    private FakeGitHub github;

    @BeforeEach
    void start() {
        github = FakeGitHub.start()
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .registerApp(APP_ID, CLIENT_ID, keys.getPublic())
                .installApp(APP_ID, "acme", INSTALLATION_ID);
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void app_whenJwtSignedByJjwt_isAcceptedAndClaimsRecorded() throws Exception {
        // Given
        String jwt = Jwts.builder()
                .issuer(Long.toString(APP_ID))
                .issuedAt(Date.from(NOW.minusSeconds(60)))
                .expiration(Date.from(NOW.plusSeconds(480)))
                .signWith(keys.getPrivate(), Jwts.SIG.RS256)
                .compact();

        // When
        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/app", "Bearer " + jwt);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode app = JSON.readTree(response.body());
        assertThat(app.get("id").asLong()).isEqualTo(APP_ID);
        assertThat(app.get("client_id").asText()).isEqualTo(CLIENT_ID);
        assertThat(app.get("owner").get("login").asText()).isEqualTo("acme");
        assertThat(github.jwtClaims()).singleElement().satisfies(claims -> {
            assertThat(claims).containsEntry("iss", "4242");
            assertThat(((Number) claims.get("iat")).longValue()).isEqualTo(NOW.getEpochSecond() - 60);
            assertThat(((Number) claims.get("exp")).longValue()).isEqualTo(NOW.getEpochSecond() + 480);
        });
    }

    @Test
    void app_whenIssuerIsNumericOrClientId_isAccepted() {
        assertThat(TestHttp.get(github.baseUrl() + "/app", "Bearer " + AppJwts.valid(keys.getPrivate(), APP_ID, NOW)).statusCode())
                .isEqualTo(200);
        assertThat(TestHttp.get(github.baseUrl() + "/app", "Bearer " + AppJwts.valid(keys.getPrivate(), CLIENT_ID, NOW)).statusCode())
                .isEqualTo(200);
        assertThat(github.jwtClaims()).hasSize(2);
    }

    @Test
    void app_whenSignedByAnotherKey_answers401() {
        String jwt = AppJwts.valid(TestKeys.newRsaKeyPair().getPrivate(), APP_ID, NOW);

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/app", "Bearer " + jwt);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("A JSON web token could not be decoded");
        assertThat(github.jwtClaims()).isEmpty();
    }

    @Test
    void app_whenExpired_answers401() {
        String jwt = jwt(Map.of("iss", APP_ID, "iat", NOW.getEpochSecond() - 700, "exp", NOW.getEpochSecond() - 100));

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/app", "Bearer " + jwt);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("'Expiration time' claim ('exp') must be a numeric value");
    }

    @Test
    void app_whenExpiryTooFarAhead_answers401() {
        String jwt = jwt(Map.of("iss", APP_ID, "iat", NOW.getEpochSecond(), "exp", NOW.getEpochSecond() + 3600));

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/app", "Bearer " + jwt);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("'Expiration time' claim ('exp') is too far in the future");
    }

    @Test
    void app_whenIssuedInTheFuture_answers401() {
        String jwt = jwt(Map.of("iss", APP_ID, "iat", NOW.getEpochSecond() + 120, "exp", NOW.getEpochSecond() + 300));

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/app", "Bearer " + jwt);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("'Issued at' claim ('iat')");
    }

    @Test
    void app_whenIssuerIsAnotherApp_answers401() {
        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/app", "Bearer " + AppJwts.valid(keys.getPrivate(), 1, NOW));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void app_whenNotAJwt_answers401() {
        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/app", "Bearer ghp_notajwt");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("A JSON web token could not be decoded");
    }

    @Test
    void orgInstallation_withJwt_answersInstallation() throws Exception {
        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/orgs/acme/installation", "Bearer " + validJwt());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode installation = JSON.readTree(response.body());
        assertThat(installation.get("id").asLong()).isEqualTo(INSTALLATION_ID);
        assertThat(installation.get("account").get("login").asText()).isEqualTo("acme");
        assertThat(installation.get("app_id").asLong()).isEqualTo(APP_ID);
        assertThat(installation.get("target_type").asText()).isEqualTo("Organization");
        assertThat(installation.get("permissions").get("organization_self_hosted_runners").asText()).isEqualTo("read");
        assertThat(TestHttp.get(github.baseUrl() + "/app/installations/" + INSTALLATION_ID, "Bearer " + validJwt()).statusCode()).isEqualTo(200);
    }

    @Test
    void orgInstallation_whenAppNotInstalled_answers404() {
        github.organization("other");

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/orgs/other/installation", "Bearer " + validJwt());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void accessToken_mintedToken_listsRunners() throws Exception {
        // Given
        github.organization("acme").setRunners(FakeRunners.generate(5, "abc"));

        // When
        HttpResponse<String> minted = TestHttp.post(github.baseUrl() + "/app/installations/" + INSTALLATION_ID + "/access_tokens",
                "Bearer " + validJwt(), "{\"permissions\":{\"organization_self_hosted_runners\":\"read\"}}");
        JsonNode body = JSON.readTree(minted.body());
        HttpResponse<String> runners = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners", "token " + body.get("token").asText());

        // Then
        assertThat(minted.statusCode()).isEqualTo(201);
        assertThat(body.get("token").asText()).matches("ghs_[A-Za-z0-9]{36}");
        assertThat(Instant.parse(body.get("expires_at").asText())).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(body.get("permissions").get("organization_self_hosted_runners").asText()).isEqualTo("read");
        assertThat(body.get("repository_selection").asText()).isEqualTo("all");
        assertThat(runners.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(runners.body()).get("total_count").asInt()).isEqualTo(5);
        assertThat(github.mintedTokens()).singleElement().satisfies(token -> {
            assertThat(token.installationId()).isEqualTo(INSTALLATION_ID);
            assertThat(token.requestedPermissions()).containsExactly(Map.entry("organization_self_hosted_runners", "read"));
        });
    }

    @Test
    void accessToken_inTheAppIdJwtFormat_isGhsAppIdAndAJwt_andListsRunners() throws Exception {
        github.installationTokenFormat(InstallationTokenFormat.APP_ID_JWT);
        github.organization("acme").setRunners(FakeRunners.generate(3, "abc"));

        String token = mint();
        HttpResponse<String> runners = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners", "token " + token);

        assertThat(token).startsWith("ghs_" + APP_ID + "_").hasSizeGreaterThan(400);
        String[] jwt = token.substring(("ghs_" + APP_ID + "_").length()).split("\\.");
        assertThat(jwt).hasSize(3).allSatisfy(part -> assertThat(part).matches("[A-Za-z0-9_-]+"));
        assertThat(JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt[1])).path("installation_id").asLong())
                .isEqualTo(INSTALLATION_ID);
        assertThat(runners.statusCode()).isEqualTo(200);
        assertThat(TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners", "token " + token.substring(0, 40)).statusCode())
                .as("only the whole token").isEqualTo(401);
        assertThat(github.mintedTokens()).singleElement().satisfies(minted -> assertThat(minted.token()).isEqualTo(token));
    }

    @Test
    void accessToken_whenExpired_isRefused() {
        MutableClock clock = new MutableClock(NOW);
        github.clock(clock).tokenLifetime(Duration.ofMinutes(5));
        github.organization("acme");
        String token = mint();

        clock.advance(Duration.ofMinutes(6));

        assertThat(TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners", "token " + token).statusCode()).isEqualTo(401);
    }

    @Test
    void accessToken_whenPermissionNotGranted_answers422() {
        HttpResponse<String> response = TestHttp.post(github.baseUrl() + "/app/installations/" + INSTALLATION_ID + "/access_tokens",
                "Bearer " + validJwt(), "{\"permissions\":{\"organization_self_hosted_runners\":\"write\"}}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(github.mintedTokens()).isEmpty();
    }

    @Test
    void runners_whenInstallationLacksRunnersPermission_answers403() {
        github.installApp(APP_ID, "beta", 778, Map.of("members", "read"));
        github.organization("beta");
        HttpResponse<String> minted = TestHttp.post(github.baseUrl() + "/app/installations/778/access_tokens", "Bearer " + validJwt(), "");
        String token = minted.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/orgs/beta/actions/runners", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Resource not accessible by integration");
    }

    private String mint() {
        HttpResponse<String> minted = TestHttp.post(github.baseUrl() + "/app/installations/" + INSTALLATION_ID + "/access_tokens",
                "Bearer " + validJwt(), "");
        return minted.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    }

    private String validJwt() {
        return AppJwts.valid(keys.getPrivate(), APP_ID, NOW);
    }

    private String jwt(Map<String, Object> claims) {
        return AppJwts.sign(keys.getPrivate(), claims);
    }
}
