package dev.slipway.reporter.commands.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.WebhookDetails;
import dev.slipway.reporter.commands.PullRequestGitHub;
import dev.slipway.reporter.domain.CommitState;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.reporter.github.GitHubHttp;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * The pull-request commands' calls to GitHub's REST API, sent with {@link GitHubHttp}: the
 * membership check needs the bare status code (204, 404, or a 302 not to be followed), which {@code
 * github-api} hides, and the other calls are one request each without the objects the library would
 * fetch first.
 */
public final class GitHubPullRequests implements PullRequestGitHub {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One HTTP client per credential. {@link GitHubHttp} follows no redirect: GitHub's 302 to the
   * public members is a "no".
   */
  private final Map<AuthorizationProvider, GitHubHttp> clients = new ConcurrentHashMap<>();

  private final Function<String, GitHubConnection> connections;
  private final Clock clock;

  /**
   * @param connections the API and credential for a repository ({@code owner/repo})
   */
  public GitHubPullRequests(Function<String, GitHubConnection> connections, Clock clock) {
    this.connections = connections;
    this.clock = clock;
  }

  @Override
  public boolean isMember(String repository, String organisation, String user)
      throws GitHubWriteException {
    HttpResponse<String> response =
        send(
            repository,
            "GET",
            "/orgs/" + segment(organisation) + "/members/" + segment(user),
            null);
    return switch (response.statusCode()) {
      case 204 -> true;
      case 302, 404 -> false;
      default -> throw refused(response, "membership of " + user + " in " + organisation);
    };
  }

  @Override
  public WebhookDetails.PullRequest pullRequest(String repository, int number)
      throws GitHubWriteException {
    JsonNode pull = read(repository, "/repos/" + repository + "/pulls/" + number);
    JsonNode head = pull.path("head");
    String baseRepository = pull.path("base").path("repo").path("full_name").asText(repository);
    String headRepository = head.path("repo").path("full_name").asText(null);
    return new WebhookDetails.PullRequest(
        pull.path("number").asInt(number),
        head.path("sha").asText(),
        head.path("ref").asText(),
        pull.path("base").path("ref").asText(),
        headRepository,
        !baseRepository.equalsIgnoreCase(Objects.requireNonNullElse(headRepository, "")),
        null);
  }

  @Override
  public Map<String, CommitState> statuses(String repository, String sha)
      throws GitHubWriteException {
    JsonNode combined =
        read(repository, "/repos/" + repository + "/commits/" + sha + "/status?per_page=100");
    Map<String, CommitState> statuses = new LinkedHashMap<>();
    for (JsonNode status : combined.path("statuses")) {
      statuses.put(
          status.path("context").asText(),
          CommitState.valueOf(status.path("state").asText().toUpperCase(Locale.ROOT)));
    }
    return statuses;
  }

  @Override
  public void react(String repository, long commentId, Reaction reaction)
      throws GitHubWriteException {
    write(
        repository,
        "/repos/" + repository + "/issues/comments/" + commentId + "/reactions",
        JSON.createObjectNode().put("content", reaction.content()));
  }

  @Override
  public void comment(String repository, int number, String body) throws GitHubWriteException {
    write(
        repository,
        "/repos/" + repository + "/issues/" + number + "/comments",
        JSON.createObjectNode().put("body", body));
  }

  private JsonNode read(String repository, String path) throws GitHubWriteException {
    HttpResponse<String> response = send(repository, "GET", path, null);
    if (response.statusCode() != 200) {
      throw refused(response, "GET " + path);
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new GitHubWriteException(
          GitHubWriteException.Kind.REJECTED, null, "GET " + path + ": not JSON", e);
    }
  }

  private void write(String repository, String path, JsonNode body) throws GitHubWriteException {
    HttpResponse<String> response = send(repository, "POST", path, body.toString());
    if (response.statusCode() / 100 != 2) {
      throw refused(response, "POST " + path);
    }
  }

  private HttpResponse<String> send(String repository, String method, String path, String body)
      throws GitHubWriteException {
    GitHubConnection connection = connections.apply(repository);
    GitHubHttp http = clients.computeIfAbsent(connection.authorization(), GitHubHttp::new);
    try {
      return http.send(method, connection.apiUrl().replaceAll("/+$", "") + path, body);
    } catch (IOException e) {
      throw new GitHubWriteException(
          GitHubWriteException.Kind.UNAVAILABLE, null, method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitHubWriteException(
          GitHubWriteException.Kind.UNAVAILABLE, null, method + " " + path + ": interrupted", e);
    }
  }

  /** GitHub's answer as the reporter classifies every refusal (see the README's fault table). */
  private GitHubWriteException refused(HttpResponse<String> response, String what) {
    int code = response.statusCode();
    String message = code + " " + what;
    Optional<String> retryAfter = response.headers().firstValue("Retry-After");
    boolean exhausted =
        response.headers().firstValue("X-RateLimit-Remaining").filter("0"::equals).isPresent();
    if (code == 429 || code == 403 && (retryAfter.isPresent() || exhausted)) {
      Instant retryAt =
          retryAfter
              .map(seconds -> clock.instant().plusSeconds(Long.parseLong(seconds)))
              .orElse(null);
      return new GitHubWriteException(
          GitHubWriteException.Kind.RATE_LIMITED, retryAt, message, null);
    }
    if (code >= 500 || code == 401) {
      return new GitHubWriteException(GitHubWriteException.Kind.UNAVAILABLE, null, message, null);
    }
    return new GitHubWriteException(GitHubWriteException.Kind.REJECTED, null, message, null);
  }

  private static String segment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8);
  }
}
