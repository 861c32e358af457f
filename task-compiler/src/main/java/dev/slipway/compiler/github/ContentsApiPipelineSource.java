package dev.slipway.compiler.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.compiler.domain.PipelineException;
import dev.slipway.compiler.domain.PipelineFile;
import dev.slipway.compiler.domain.PipelineSource;
import dev.slipway.compiler.domain.PlanningListener;
import dev.slipway.compiler.domain.SourceUnavailableException;
import dev.slipway.compiler.git.GitNames;
import dev.slipway.platform.github.RateLimitHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code .slipway.yml} through GitHub's contents API: one request per commit, where a git
 * fetch takes two and a pack to unpack. It is only the fast way: whenever GitHub does not answer
 * with the file or its absence (down, rate limit spent, token refused or not allowed to read the
 * repository through the API), the file is read by git instead, so the API adds no way to fail.
 * Once GitHub says an owner's rate limit is spent, that owner's files are read by git until the
 * time GitHub gives (a minute when it gives none), as GitHub asks of clients. Tags and the clone
 * URL stay with git.
 *
 * <p>GitHub answers 404 both for a file that is not there and for a repository it does not show the
 * token; the second request ({@code GET /repos/{owner}/{repo}}), made only then, tells them apart.
 * GitHub follows a link inside the repository to the file it names, which git reading does not.
 */
public final class ContentsApiPipelineSource implements PipelineSource {

  private static final Logger LOG = LoggerFactory.getLogger(ContentsApiPipelineSource.class);

  static final String OBJECT = "application/vnd.github.object+json";
  static final String RAW = "application/vnd.github.raw+json";

  /** How long the API rests when a rate limit's answer does not say. */
  static final Duration DEFAULT_PAUSE = Duration.ofMinutes(1);

  private final String apiUrl;
  private final Duration timeout;
  private final PlanningListener listener;
  private final Function<String, Optional<String>> tokens;
  private final PipelineSource git;
  private final Clock clock;
  private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param apiUrl GitHub's REST API, e.g. {@code https://api.github.com}
   * @param timeout how long one request may take
   * @param listener told how long each read took
   * @param tokens the current token of an owner, if there is one
   * @param git reads what the API does not answer, resolves tags and names the clone URL
   * @param clock tells when a rate limit's pause ends
   */
  public ContentsApiPipelineSource(
      String apiUrl,
      Duration timeout,
      PlanningListener listener,
      Function<String, Optional<String>> tokens,
      PipelineSource git,
      Clock clock) {
    this.apiUrl = apiUrl.replaceFirst("/+$", "");
    this.timeout = timeout;
    this.listener = listener;
    this.tokens = tokens;
    this.git = git;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public Optional<String> read(String repository, String sha) throws PipelineException {
    GitNames.requireRepository(repository);
    GitNames.requireSha(sha);
    Instant paused = pausedUntil.get(owner(repository));
    if (paused != null && clock.instant().isBefore(paused)) {
      return git.read(repository, sha);
    }
    long start = System.nanoTime();
    try {
      return readFile(repository, sha);
    } catch (SourceUnavailableException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e;
      }
      LOG.warn("{}; reading {} at {} by git instead", e.getMessage(), repository, sha);
    } finally {
      listener.fetched(Duration.ofNanos(System.nanoTime() - start));
    }
    return git.read(repository, sha);
  }

  @Override
  public String resolveTag(String repository, String tag) throws PipelineException {
    return git.resolveTag(repository, tag);
  }

  @Override
  public String cloneUrl(String repository) {
    return git.cloneUrl(repository);
  }

  private Optional<String> readFile(String repository, String sha) throws PipelineException {
    String path = "/repos/" + repository + "/contents/" + PipelineFile.NAME + "?ref=" + sha;
    HttpResponse<byte[]> response = get(repository, path, OBJECT);
    if (response.statusCode() == 404) {
      String message = message(response);
      if (message.startsWith("No commit found")) {
        throw new PipelineException("commit " + sha + " is not in " + repository, null);
      }
      requireVisible(repository);
      return Optional.empty();
    }
    requireOk(repository, response);
    JsonNode file = parse(repository, response);
    if (!"file".equals(file.path("type").asText())) {
      throw PipelineFile.notARegularFile();
    }
    PipelineFile.requireReadable(file.path("size").asLong());
    if ("base64".equals(file.path("encoding").asText())) {
      return Optional.of(
          PipelineFile.text(Base64.getMimeDecoder().decode(file.path("content").asText())));
    }
    // GitHub leaves files over 1 MB out of the object; they come on their own.
    HttpResponse<byte[]> raw = get(repository, path, RAW);
    requireOk(repository, raw);
    return Optional.of(PipelineFile.text(raw.body()));
  }

  private void requireVisible(String repository) {
    HttpResponse<byte[]> response = get(repository, "/repos/" + repository, OBJECT);
    if (response.statusCode() == 404) {
      throw new SourceUnavailableException(
          "GitHub does not show "
              + repository
              + with(repository)
              + "it does not exist, or the token may not read it");
    }
    requireOk(repository, response);
  }

  private HttpResponse<byte[]> get(String repository, String path, String accept) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(apiUrl + path))
            .timeout(timeout)
            .header("Accept", accept)
            .header("X-GitHub-Api-Version", "2022-11-28")
            .GET();
    tokens.apply(owner(repository)).ifPresent(t -> request.header("Authorization", "Bearer " + t));
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "GitHub's contents API could not be reached for " + repository + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceUnavailableException("interrupted reading " + repository, e);
    }
  }

  private void requireOk(String repository, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status == 200) {
      return;
    }
    String answered =
        "GitHub answered "
            + status
            + " reading "
            + repository
            + with(repository)
            + message(response);
    Map<String, List<String>> headers = response.headers().map();
    if (status == 429 || status == 403 && RateLimitHeaders.isRateLimit(headers)) {
      Instant now = clock.instant();
      Instant until = RateLimitHeaders.retryAt(headers, now).orElse(now.plus(DEFAULT_PAUSE));
      pausedUntil.put(owner(repository), until);
      throw new SourceUnavailableException(
          answered + "; the contents API rests for " + owner(repository) + " until " + until);
    }
    throw new SourceUnavailableException(answered);
  }

  private JsonNode parse(String repository, HttpResponse<byte[]> response) {
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "GitHub's answer for " + repository + " is not JSON: " + e.getMessage(), e);
    }
  }

  private String message(HttpResponse<byte[]> response) {
    try {
      return json.readTree(response.body()).path("message").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  /** Says whether the request had a token: a refused one reads like a missing one. */
  private String with(String repository) {
    return tokens.apply(owner(repository)).isPresent()
        ? " (with the token of " + owner(repository) + " from the credentials folder): "
        : ": ";
  }

  private static String owner(String repository) {
    return repository.substring(0, repository.indexOf('/'));
  }
}
