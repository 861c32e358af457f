package dev.slipway.reporter.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.WebhookDetails;
import dev.slipway.reporter.commands.PullRequestGitHub.Reaction;
import dev.slipway.reporter.commands.github.GitHubConnection;
import dev.slipway.reporter.commands.github.GitHubPullRequests;
import dev.slipway.reporter.domain.CommitState;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.testsupport.github.FakeGitHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pull-request commands' adapter against the fake GitHub, and the fake's answers and the
 * adapter's requests checked against GitHub's OpenAPI description: membership (204, 404), a pull
 * request, a commit's combined status, a reaction, a comment.
 */
class FakeGitHubCommandsContractIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPO = "acme/shop";
  private static final String HEAD = "4f2a9c1e0d3b5a6978877665544332211ffeeddc";

  private final FakeGitHub fake = FakeGitHub.start();
  private final GitHubPullRequests github =
      new GitHubPullRequests(
          repository -> new GitHubConnection(fake.url(), GitHubAuthorization.token("ghp_test")),
          Clock.systemUTC());

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void theAdapterReadsAndWritesWhatTheFakeServesAsGitHubDescribesIt() throws Exception {
    OpenApiDescription openApi = OpenApiDescription.read();
    fake.member("acme", "alice");
    fake.pullRequest(new FakeGitHub.PullRequest(REPO, 7, HEAD, "patch", "mallory/shop", "main"));
    fake.pullRequest(new FakeGitHub.PullRequest(REPO, 8, HEAD, "feature", REPO, "main"));
    status("slipway/unit", "failure");
    status("slipway/unit", "success");
    status("slipway/lint", "error");

    assertThat(github.isMember(REPO, "acme", "alice")).isTrue();
    assertThat(github.isMember(REPO, "acme", "mallory")).isFalse();
    assertThat(github.pullRequest(REPO, 7))
        .isEqualTo(
            new WebhookDetails.PullRequest(7, HEAD, "patch", "main", "mallory/shop", true, null));
    assertThat(github.pullRequest(REPO, 8).fork()).isFalse();
    assertThat(github.statuses(REPO, HEAD))
        .as("the newest of each context")
        .isEqualTo(Map.of("slipway/unit", CommitState.SUCCESS, "slipway/lint", CommitState.ERROR));
    github.react(REPO, 42, Reaction.PLUS_ONE);
    github.react(REPO, 42, Reaction.PLUS_ONE);
    github.react(REPO, 43, Reaction.CONFUSED);
    github.comment(REPO, 7, "@mallory only members of acme can use /retest");

    assertThat(fake.reactions(42))
        .as("the same reaction again is the one reaction")
        .extracting(FakeGitHub.Reaction::content)
        .containsExactly("+1");
    assertThat(fake.issueComments(REPO, 7))
        .extracting(FakeGitHub.IssueComment::body)
        .containsExactly("@mallory only members of acme can use /retest");

    List<String> violations = new ArrayList<>();
    assertThat(get("/orgs/acme/members/alice").statusCode()).isEqualTo(204);
    assertThat(get("/orgs/acme/members/mallory").statusCode()).isEqualTo(404);
    assertThat(
            operation(openApi, "/orgs/{org}/members/{username}", "get")
                .path("responses")
                .has("204"))
        .isTrue();
    openApi.validate(
        JSON.readTree(get("/repos/acme/shop/pulls/7").body()),
        openApi.responseSchema("/repos/{owner}/{repo}/pulls/{pull_number}"),
        "pull request",
        violations);
    openApi.validate(
        JSON.readTree(get("/repos/acme/shop/commits/" + HEAD + "/status").body()),
        openApi.responseSchema("/repos/{owner}/{repo}/commits/{ref}/status"),
        "combined status",
        violations);
    String reactions = "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions";
    String comments = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
    for (FakeGitHub.Request request : fake.requests()) {
      String described =
          request.path().endsWith("/reactions")
              ? reactions
              : request.path().endsWith("/comments") ? comments : null;
      if (request.method().equals("POST") && described != null) {
        JsonNode post = operation(openApi, described, "post");
        openApi.validate(
            JSON.readTree(request.body()),
            post.path("requestBody").path("content").path("application/json").path("schema"),
            "request " + request.path(),
            violations);
        assertThat(post.path("responses").has(String.valueOf(request.status())))
            .as(request.path() + " answered " + request.status())
            .isTrue();
        openApi.validate(
            JSON.readTree(post(request.path(), request.body()).body()),
            post.path("responses")
                .path(request.path().endsWith("/comments") ? "201" : "200")
                .path("content")
                .path("application/json")
                .path("schema"),
            "answer " + request.path(),
            violations);
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void anAnswerGitHubDidNotGiveIsToBeAskedAgainAndARefusalIsForGood() {
    fake.failWrites(502, 1);
    assertThatThrownBy(() -> github.react(REPO, 42, Reaction.PLUS_ONE))
        .isInstanceOfSatisfying(
            GitHubWriteException.class,
            e -> assertThat(e.kind()).isEqualTo(GitHubWriteException.Kind.UNAVAILABLE));
    fake.rateLimitWrites(429, Duration.ofSeconds(30), 1);
    assertThatThrownBy(() -> github.comment(REPO, 7, "hello"))
        .isInstanceOfSatisfying(
            GitHubWriteException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GitHubWriteException.Kind.RATE_LIMITED);
              assertThat(e.retryAt()).isPresent();
            });
    assertThatThrownBy(() -> github.pullRequest(REPO, 99))
        .isInstanceOfSatisfying(
            GitHubWriteException.class,
            e -> assertThat(e.kind()).isEqualTo(GitHubWriteException.Kind.REJECTED));
    GitHubPullRequests unreachable =
        new GitHubPullRequests(
            repository ->
                new GitHubConnection("http://127.0.0.1:9", GitHubAuthorization.anonymous()),
            Clock.systemUTC());
    assertThatThrownBy(() -> unreachable.isMember(REPO, "acme", "alice"))
        .isInstanceOfSatisfying(
            GitHubWriteException.class,
            e -> assertThat(e.kind()).isEqualTo(GitHubWriteException.Kind.UNAVAILABLE));
  }

  private static JsonNode operation(OpenApiDescription openApi, String path, String method) {
    return openApi.json().path("paths").path(path).path(method);
  }

  private void status(String context, String state) throws Exception {
    post(
        "/repos/" + REPO + "/statuses/" + HEAD,
        JSON.createObjectNode().put("state", state).put("context", context).toString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(fake.url() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(fake.url() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
