package dev.slipway.reporter.github;

import dev.slipway.reporter.domain.GitHubWriteException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  private final GitHub github;
  private final Clock clock;

  /** Fetching the repository once per repository saves a call per write. */
  private final Map<String, GHRepository> repositories = new ConcurrentHashMap<>();

  public GitHubRepositories(GitHub github, Clock clock) {
    this.github = github;
    this.clock = clock;
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

  static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    return line.length() > 300 ? line.substring(0, 300) : line;
  }
}
