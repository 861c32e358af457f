package dev.slipway.reporter.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.reporter.domain.DeploymentKey;
import dev.slipway.reporter.domain.DeploymentState;
import dev.slipway.reporter.domain.DeploymentStatus;
import dev.slipway.testsupport.github.FakeGitHub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * What the reporter sends for deployments, and what the fake GitHub answers, checked against
 * GitHub's own OpenAPI description (npm {@code @octokit/openapi}, named by {@code
 * SLIPWAY_GITHUB_OPENAPI}): required properties, types, enum values and lengths of the request
 * bodies and of the {@code deployment} and {@code deployment-status} schemas. Formats are not
 * checked: GitHub itself answers {@code ""} for a {@code uri} that was not set.
 */
class FakeGitHubDeploymentsContractIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DeploymentKey KEY =
      new DeploymentKey("acme/shop", "acme-shop-release-7", "dc1");
  private static OpenApiDescription openApi;

  private final FakeGitHub fake = FakeGitHub.start();

  @BeforeAll
  static void readOpenApi() throws IOException {
    openApi = OpenApiDescription.read();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void theReportersRequestsAndTheFakesAnswersFollowGitHubsDescription() throws Exception {
    AuthorizationProvider token = GitHubAuthorization.token("ghp_test");
    GitHubDeployments deployments =
        new GitHubDeployments(
            new GitHubRepositories(GitHubClients.build(fake.url(), token), Clock.systemUTC()),
            token);
    long id = deployments.createDeployment(KEY, "v7", 7, "Slipway: v7 to dc1");
    DeploymentStatus live =
        new DeploymentStatus(
            DeploymentState.SUCCESS, "v7 live", "http://dc1.shop.local", "http://runner/r/7");
    deployments.createDeploymentStatus(
        KEY, id, new DeploymentStatus(DeploymentState.QUEUED, "v7 queued", null, null));
    deployments.createDeploymentStatus(
        KEY,
        id,
        new DeploymentStatus(
            DeploymentState.IN_PROGRESS, "building v7", null, "http://runner/r/7"));
    deployments.createDeploymentStatus(KEY, id, live);
    assertThat(deployments.findDeployment(KEY, "v7")).hasValue(id);
    assertThat(deployments.shows(KEY, id, live)).isTrue();

    List<String> violations = new ArrayList<>();
    for (FakeGitHub.Request request : fake.deploymentWrites()) {
      String operation =
          request.path().endsWith("/statuses")
              ? "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses"
              : "/repos/{owner}/{repo}/deployments";
      JsonNode post = openApi.json().path("paths").path(operation).path("post");
      assertThat(post.path("responses").has(String.valueOf(request.status())))
          .as(request.path() + " answered " + request.status())
          .isTrue();
      openApi.validate(
          JSON.readTree(request.body()),
          post.path("requestBody").path("content").path("application/json").path("schema"),
          "request " + request.path(),
          violations);
    }
    String repo = fake.url() + "/repos/acme/shop";
    openApi.validate(
        get(repo + "/deployments?environment=dc1"),
        openApi.responseSchema("/repos/{owner}/{repo}/deployments"),
        "GET deployments",
        violations);
    openApi.validate(
        get(repo + "/deployments/" + id),
        openApi.responseSchema("/repos/{owner}/{repo}/deployments/{deployment_id}"),
        "GET deployment",
        violations);
    openApi.validate(
        get(repo + "/deployments/" + id + "/statuses"),
        openApi.responseSchema("/repos/{owner}/{repo}/deployments/{deployment_id}/statuses"),
        "GET statuses",
        violations);

    assertThat(violations).isEmpty();
    assertThat(fake.deploymentWrites())
        .extracting(FakeGitHub.Request::authorization)
        .containsOnly("token ghp_test");
    assertThat(fake.deploymentStatuses(id))
        .extracting(FakeGitHub.DeploymentStatus::state)
        .containsExactly("queued", "in_progress", "success")
        .allMatch(
            state ->
                openApi
                    .json()
                    .at("/components/schemas/deployment-status/properties/state/enum")
                    .toString()
                    .contains("\"" + state + "\""));
  }

  @Test
  void theFakeRefusesWhatGitHubRefuses() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String deployments = fake.url() + "/repos/acme/shop/deployments";
    assertThat(post(client, deployments, Map.of("environment", "dc1"))).as("no ref").isEqualTo(422);
    assertThat(post(client, deployments, Map.of("ref", "v7", "required_contexts", "none")))
        .isEqualTo(422);
    assertThat(post(client, deployments + "/99999/statuses", Map.of("state", "success")))
        .isEqualTo(404);
    JsonNode created =
        JSON.readTree(
            client
                .send(
                    HttpRequest.newBuilder(URI.create(deployments))
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"ref\":\"v7\",\"required_contexts\":[]}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    String statuses = deployments + "/" + created.path("id").asLong() + "/statuses";
    assertThat(post(client, statuses, Map.of("state", "done"))).as("not a state").isEqualTo(422);
    assertThat(post(client, statuses, Map.of("state", "success", "description", "x".repeat(141))))
        .isEqualTo(422);
    assertThat(post(client, statuses, Map.of("state", "in_progress"))).isEqualTo(201);
  }

  private static int post(HttpClient client, String url, Map<String, Object> body)
      throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
