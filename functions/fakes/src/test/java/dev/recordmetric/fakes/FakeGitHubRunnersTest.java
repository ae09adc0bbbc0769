package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeGitHubRunnersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAT = "ghp_admin";

    private FakeGitHub github;

    @BeforeEach
    void start() {
        github = FakeGitHub.start().acceptToken(PAT, "admin:org", "repo");
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void listing_with250RunnersAtPerPage100_servesThreePagesWithLinks() throws Exception {
        // Given
        github.organization("acme").setRunners(FakeRunners.generate(250, "abc"));
        String first = github.baseUrl() + "/orgs/acme/actions/runners?per_page=100";

        // When
        HttpResponse<String> page1 = TestHttp.get(first, "Bearer " + PAT);
        HttpResponse<String> page2 = TestHttp.get(nextLink(page1), "Bearer " + PAT);
        HttpResponse<String> page3 = TestHttp.get(nextLink(page2), "Bearer " + PAT);

        // Then
        String runners = github.baseUrl() + "/orgs/acme/actions/runners?per_page=100&page=";
        assertThat(page1.headers().firstValue("Link")).hasValue(
                "<" + runners + "2>; rel=\"next\", <" + runners + "3>; rel=\"last\"");
        assertThat(page2.headers().firstValue("Link")).hasValue(
                "<" + runners + "1>; rel=\"prev\", <" + runners + "3>; rel=\"next\", <" + runners + "3>; rel=\"last\", <"
                        + runners + "1>; rel=\"first\"");
        assertThat(page3.headers().firstValue("Link")).hasValue(
                "<" + runners + "2>; rel=\"prev\", <" + runners + "1>; rel=\"first\"");
        List<Integer> sizes = new ArrayList<>();
        for (HttpResponse<String> page : List.of(page1, page2, page3)) {
            JsonNode body = JSON.readTree(page.body());
            assertThat(body.get("total_count").asInt()).isEqualTo(250);
            sizes.add(body.get("runners").size());
        }
        assertThat(sizes).containsExactly(100, 100, 50);
        assertThat(github.requestCount("/orgs/acme/actions/runners")).isEqualTo(3);
    }

    @Test
    void listing_whenRepeatingTheLastRunnerAfterPage1_servesItAgainFirstOnPage2AndLosesTheLastRunner() throws Exception {
        List<FakeRunner> fleet = FakeRunners.generate(200, "abc");
        github.organization("acme").setRunners(fleet).repeatLastRunnerAfterPage(1);
        String runners = github.baseUrl() + "/orgs/acme/actions/runners?per_page=100&page=";

        JsonNode page1 = JSON.readTree(TestHttp.get(runners + "1", "Bearer " + PAT).body()).get("runners");
        JsonNode page2 = JSON.readTree(TestHttp.get(runners + "2", "Bearer " + PAT).body()).get("runners");

        assertThat(page2.get(0).get("id").asLong()).isEqualTo(page1.get(99).get("id").asLong()).isEqualTo(fleet.get(99).id());
        assertThat(page2.get(99).get("id").asLong()).as("the fleet's last runner is on no page").isEqualTo(fleet.get(198).id());
    }

    @Test
    void listing_withoutPerPage_servesThirty() throws Exception {
        github.organization("acme").setRunners(FakeRunners.generate(45, "abc"));

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners", "token " + PAT);

        assertThat(JSON.readTree(response.body()).get("runners").size()).isEqualTo(30);
        assertThat(response.headers().firstValue("Link")).hasValue(
                "<" + github.baseUrl() + "/orgs/acme/actions/runners?page=2>; rel=\"next\", <"
                        + github.baseUrl() + "/orgs/acme/actions/runners?page=2>; rel=\"last\"");
    }

    @Test
    void listing_rendersRunnersAsGitHubDoes() throws Exception {
        github.organization("acme").addRunner(FakeRunner.busy(7, "r-7", "self-hosted", "installation_id:abc"));

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners", "Bearer " + PAT);

        JsonNode runner = JSON.readTree(response.body()).get("runners").get(0);
        assertThat(runner.get("id").asLong()).isEqualTo(7);
        assertThat(runner.get("name").asText()).isEqualTo("r-7");
        assertThat(runner.get("os").asText()).isEqualTo("Linux");
        assertThat(runner.get("status").asText()).isEqualTo("online");
        assertThat(runner.get("busy").asBoolean()).isTrue();
        assertThat(runner.get("labels").get(0).get("name").asText()).isEqualTo("self-hosted");
        assertThat(runner.get("labels").get(0).get("type").asText()).isEqualTo("read-only");
        assertThat(runner.get("labels").get(1).get("name").asText()).isEqualTo("installation_id:abc");
        assertThat(runner.get("labels").get(1).get("type").asText()).isEqualTo("custom");
        assertThat(runner.get("labels").get(1).get("id").isNumber()).isTrue();
        assertThat(response.headers().firstValue("X-OAuth-Scopes")).hasValue("admin:org, repo");
    }

    @Test
    void listing_perPageAbove100_isCappedAt100() throws Exception {
        github.organization("acme").setRunners(FakeRunners.generate(150, "abc"));

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners?per_page=500", "Bearer " + PAT);

        assertThat(JSON.readTree(response.body()).get("runners").size()).isEqualTo(100);
    }

    @Test
    void listing_underEnterprisePrefix_servesTheSameWithPrefixedLinks() throws Exception {
        github.organization("acme").setRunners(FakeRunners.generate(3, "abc"));

        HttpResponse<String> response = TestHttp.get(github.enterpriseBaseUrl() + "/orgs/acme/actions/runners?per_page=2", "Bearer " + PAT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(nextLink(response)).isEqualTo(github.enterpriseBaseUrl() + "/orgs/acme/actions/runners?per_page=2&page=2");
    }

    @Test
    void listing_whenRunnerInsertedBetweenPages_showsShiftedRunnerTwice() throws Exception {
        FakeOrganization acme = github.organization("acme").setRunners(FakeRunners.generate(4, "abc"));
        acme.onPageServed(page -> {
            if (page == 1) {
                acme.insertRunner(0, FakeRunner.idle(1, "newcomer", "self-hosted"));
            }
        });

        HttpResponse<String> page1 = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners?per_page=2", "Bearer " + PAT);
        HttpResponse<String> page2 = TestHttp.get(nextLink(page1), "Bearer " + PAT);

        assertThat(names(page1)).containsExactly("runner-0001", "runner-0002");
        assertThat(names(page2)).containsExactly("runner-0002", "runner-0003");
        assertThat(JSON.readTree(page2.body()).get("total_count").asInt()).isEqualTo(5);
    }

    @Test
    void listing_countsDownRateLimitHeaders() {
        github.organization("acme");
        github.rateLimit(10);

        HttpResponse<String> first = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners", "Bearer " + PAT);
        HttpResponse<String> second = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners", "Bearer " + PAT);
        HttpResponse<String> rateLimit = TestHttp.get(github.baseUrl() + "/rate_limit", "Bearer " + PAT);

        assertThat(first.headers().firstValue("x-ratelimit-limit")).hasValue("10");
        assertThat(first.headers().firstValue("x-ratelimit-remaining")).hasValue("9");
        assertThat(second.headers().firstValue("x-ratelimit-remaining")).hasValue("8");
        assertThat(second.headers().firstValue("x-ratelimit-used")).hasValue("2");
        assertThat(second.headers().firstValue("x-ratelimit-resource")).hasValue("core");
        assertThat(second.headers().firstValue("x-ratelimit-reset")).isPresent();
        assertThat(rateLimit.body()).contains("\"rate\":{\"limit\":10,\"used\":2,\"remaining\":8");
    }

    @Test
    void listing_whenBudgetSpent_answersPrimaryRateLimit() {
        github.organization("acme");
        github.rateLimit(1);
        TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners", "Bearer " + PAT);

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners", "Bearer " + PAT);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        assertThat(response.body()).contains("API rate limit exceeded");
    }

    @Test
    void organization_answersItsLoginAndId() throws Exception {
        FakeOrganization acme = github.organization("acme");

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/orgs/acme", "Bearer " + PAT);

        JsonNode org = JSON.readTree(response.body());
        assertThat(org.get("login").asText()).isEqualTo("acme");
        assertThat(org.get("id").asLong()).isEqualTo(acme.id());
        assertThat(TestHttp.get(github.baseUrl() + "/orgs/nobody", "Bearer " + PAT).statusCode()).isEqualTo(404);
    }

    @Test
    void listing_whenOrganizationUnknown_answers404() {
        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/orgs/nobody/actions/runners", "Bearer " + PAT);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"message\":\"Not Found\"").contains("\"status\":\"404\"");
    }

    @Test
    void listing_whenTokenUnknown_answers401() {
        github.organization("acme");

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners", "Bearer ghp_nobody");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("Bad credentials");
    }

    @Test
    void listing_whenPatLacksAdminOrg_answers403() {
        github.organization("acme");
        github.acceptToken("ghp_repo", "repo");

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners", "token ghp_repo");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Must have admin rights");
        assertThat(response.headers().firstValue("X-OAuth-Scopes")).hasValue("repo");
    }

    @Test
    void listing_whenFineGrainedTokenLacksPermission_answers403NamingIt() {
        github.organization("acme");
        github.acceptFineGrainedToken("github_pat_x", "acme", java.util.Map.of("members", "read"));

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners", "Bearer github_pat_x");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Resource not accessible by integration");
        assertThat(response.headers().firstValue("x-accepted-github-permissions")).hasValue("organization_self_hosted_runners=read");
    }

    @Test
    void groupListing_servesOnlyTheGroupsRunnersInPagesWithLinks() throws Exception {
        // Given 5 runners, 3 of them moved into group 7
        FakeOrganization org = github.organization("acme").setRunners(FakeRunners.generate(5, "abc"));
        org.addRunnerGroup(7, "large").moveToGroup(7, 1001, 1003, 1005);
        String first = github.baseUrl() + "/orgs/acme/actions/runner-groups/7/runners?per_page=2";

        // When
        HttpResponse<String> page1 = TestHttp.get(first, "Bearer " + PAT);
        HttpResponse<String> page2 = TestHttp.get(nextLink(page1), "Bearer " + PAT);
        HttpResponse<String> defaultGroup = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runner-groups/1/runners", "Bearer " + PAT);

        // Then
        assertThat(nextLink(page1)).isEqualTo(github.baseUrl() + "/orgs/acme/actions/runner-groups/7/runners?per_page=2&page=2");
        List<Long> ids = new ArrayList<>();
        for (HttpResponse<String> page : List.of(page1, page2)) {
            JsonNode body = JSON.readTree(page.body());
            assertThat(body.get("total_count").asInt()).isEqualTo(3);
            body.get("runners").forEach(r -> ids.add(r.get("id").asLong()));
        }
        assertThat(ids).containsExactly(1001L, 1003L, 1005L);
        JsonNode rest = JSON.readTree(defaultGroup.body());
        assertThat(rest.get("total_count").asInt()).isEqualTo(2);
        assertThat(rest.get("runners").get(0).get("id").asLong()).isEqualTo(1002);
    }

    @Test
    void groupListing_whenGroupUnknown_answers404() {
        github.organization("acme").setRunners(FakeRunners.generate(2, "abc"));

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runner-groups/99/runners", "Bearer " + PAT);

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void listing_withRateLimitHeadersOff_sendsNoneAsGhesWithoutRateLimits() {
        github.organization("acme").setRunners(FakeRunners.generate(2, "abc"));
        github.rateLimitHeaders(false);

        HttpResponse<String> response = TestHttp.get(github.baseUrl() + "/orgs/acme/actions/runners", "Bearer " + PAT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("x-ratelimit"));
        assertThat(response.headers().firstValue("X-GitHub-Request-Id")).isPresent();
    }

    static String nextLink(HttpResponse<String> response) {
        String link = response.headers().firstValue("Link").orElseThrow();
        for (String part : link.split(", ")) {
            if (part.endsWith("rel=\"next\"")) {
                return part.substring(part.indexOf('<') + 1, part.indexOf('>'));
            }
        }
        throw new AssertionError("no next link in " + link);
    }

    private static List<String> names(HttpResponse<String> response) throws Exception {
        List<String> names = new ArrayList<>();
        JSON.readTree(response.body()).get("runners").forEach(runner -> names.add(runner.get("name").asText()));
        return names;
    }
}
