package dev.slipway.reporter.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.platform.github.RateLimitHeaders;
import dev.slipway.reporter.domain.GitHubWriteException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.kohsuke.github.GHIOException;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.HttpException;

/**
 * What the github-api adapters share: the repository objects the library needs to address a
 * repository, fetched once per repository, and the classification of a refused call. The client
 * must be built with its rate and abuse limit handlers set to fail (see {@link GitHubClients}), so
 * that every limit reaches the reporter's budget instead of sleeping inside the library.
 */
public final class GitHubRepositories {

  private static final int TOO_MANY_REQUESTS = 429;
  private static final int FORBIDDEN = 403;
  private static final int UNAUTHORIZED = 401;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GitHub github;
  private final Clock clock;
  private final Consumer<String> credentialsRefused;

  /** Fetching the repository once per repository saves a call per write. */
  private final Map<String, GHRepository> repositories = new ConcurrentHashMap<>();

  public GitHubRepositories(GitHub github, Clock clock) {
    this(github, clock, reason -> {});
  }

  /**
   * @param credentialsRefused told GitHub's message when it refuses the client's credentials (401,
   *     or a 403 that is no rate limit)
   */
  public GitHubRepositories(GitHub github, Clock clock, Consumer<String> credentialsRefused) {
    this.github = github;
    this.clock = clock;
    this.credentialsRefused = credentialsRefused;
  }

  /** The REST API's base URL the client talks to. */
  String apiUrl() {
    return github.getApiUrl();
  }

  GHRepository repository(String fullName) throws IOException {
    GHRepository known = repositories.get(fullName);
    if (known != null) {
      return known;
    }
    GHRepository fetched = github.getRepository(fullName);
    repositories.put(fullName, fetched);
    return fetched;
  }

  /** A call through the library. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code call}, turning its failure into what the reporter must do about it, {@code what}
   * naming the call in the message.
   */
  <T> T call(Object what, Call<T> call) throws GitHubWriteException {
    try {
      return call.run();
    } catch (IOException e) {
      throw classify(e, what);
    }
  }

  /**
   * Sends a request beside the library; an answer other than 2xx fails as {@link #classify(int,
   * Map, String, Throwable)} decides, {@code what} naming the request in the message.
   *
   * @param url absolute
   * @param jsonBody null for a request without a body
   */
  HttpResponse<String> send(
      GitHubHttp http, String method, String url, String jsonBody, Object what)
      throws GitHubWriteException {
    try {
      HttpResponse<String> response = http.send(method, url, jsonBody);
      if (response.statusCode() / 100 != 2) {
        throw classify(
            response.statusCode(),
            response.headers().map(),
            what + ": " + firstLine(response.body()),
            null);
      }
      return response;
    } catch (IOException e) {
      throw classify(e, what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitHubWriteException(
          GitHubWriteException.Kind.UNAVAILABLE, null, what + ": interrupted", e);
    }
  }

  /** What the reporter must do about a call that failed, {@code what} naming it in the message. */
  GitHubWriteException classify(IOException e, Object what) {
    String message = what + ": " + firstLine(e.getMessage());
    if (e instanceof FileNotFoundException) {
      return new GitHubWriteException(
          GitHubWriteException.Kind.REJECTED, null, "not found " + message, e);
    }
    if (!(e instanceof HttpException)) {
      return new GitHubWriteException(GitHubWriteException.Kind.UNAVAILABLE, null, message, e);
    }
    return classify(((HttpException) e).getResponseCode(), headers(e), message, e);
  }

  /** What the reporter must do about an answer with HTTP status {@code code}. */
  GitHubWriteException classify(
      int code, Map<String, List<String>> headers, String message, Throwable cause) {
    Instant retryAt = RateLimitHeaders.retryAt(headers, clock.instant()).orElse(null);
    if (code == TOO_MANY_REQUESTS || code == FORBIDDEN && RateLimitHeaders.isRateLimit(headers)) {
      return new GitHubWriteException(
          GitHubWriteException.Kind.RATE_LIMITED, retryAt, code + " " + message, cause);
    }
    if (code == UNAUTHORIZED || code == FORBIDDEN) {
      credentialsRefused.accept(
          code + " " + gitHubMessage(cause == null ? message : cause.getMessage()));
    }
    if (code >= 500 || code == 401 || code < 0) {
      // 401: a token that expired or is being replaced; keep the status until the credential works
      // again.
      return new GitHubWriteException(
          GitHubWriteException.Kind.UNAVAILABLE, null, code + " " + message, cause);
    }
    return new GitHubWriteException(
        GitHubWriteException.Kind.REJECTED, null, code + " " + message, cause);
  }

  private static Map<String, List<String>> headers(IOException e) {
    try {
      return ((GHIOException) e).getResponseHeaderFields();
    } catch (NullPointerException noHeaders) {
      // github-api 1.330 throws instead of returning null when the exception carries no headers.
      return Map.of();
    }
  }

  /**
   * The {@code message} of GitHub's JSON error answer in {@code text} (the library's exception
   * message is the answer's body), else its first line.
   */
  static String gitHubMessage(String text) {
    if (text != null) {
      int json = text.indexOf('{');
      if (json >= 0) {
        try {
          JsonNode message = JSON.readTree(text.substring(json)).get("message");
          if (message != null && message.isTextual()) {
            return message.asText();
          }
        } catch (JsonProcessingException notJson) {
          // Not GitHub's JSON: the first line says what happened.
        }
      }
    }
    return firstLine(text);
  }

  static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    return line.length() > 300 ? line.substring(0, 300) : line;
  }
}
