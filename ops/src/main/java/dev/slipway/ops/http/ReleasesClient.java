package dev.slipway.ops.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.ReleaseSummary;
import dev.slipway.events.json.EventJson;
import dev.slipway.ops.domain.Durations;
import dev.slipway.ops.domain.OperationRequest;
import dev.slipway.ops.domain.ReleaseHistory;
import dev.slipway.ops.http.ReleasesException.Reason;
import dev.slipway.platform.backoff.Backoff;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The release-coordinator's operations endpoint over plain HTTP: {@code GET
 * /releases/{owner}/{repo}} and {@code POST /releases/{owner}/{repo}/operations}. A 503 is asked
 * again after its {@code Retry-After} for up to {@code patience}; every other failure is a {@link
 * ReleasesException}.
 */
public final class ReleasesClient {

  /** Waits; the tests' sleeper records instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** What the coordinator answered to an operation it took: the release it became. */
  public record Accepted(String operationId, String releaseId, ReleaseSummary release) {}

  /** The view of a repository, as sent (for {@code --json}) and as read. */
  public record View(String json, ReleaseHistory history) {}

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(15);

  /** The coordinator answers an operation once it decided, which may take it a few seconds. */
  private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(60);

  /** Between 503s that name no {@code Retry-After}. */
  private static final Backoff UNAVAILABLE_BACKOFF =
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));

  private static final int MAX_ERROR_LENGTH = 300;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CONNECT_TIMEOUT)
          .build();
  private final URI base;
  private final String token;
  private final Duration patience;
  private final Sleeper sleeper;
  private final Consumer<String> notices;

  /**
   * @param token the bearer token, or null to send none
   * @param patience how long 503s are waited out before the coordinator counts as unavailable
   * @param notices told of each wait, for the one waiting
   */
  public ReleasesClient(
      URI base, String token, Duration patience, Sleeper sleeper, Consumer<String> notices) {
    this.base = base;
    this.token = token;
    this.patience = patience;
    this.sleeper = sleeper;
    this.notices = notices;
  }

  public View view(String repository) {
    HttpRequest request =
        request(repository, "")
            .timeout(VIEW_TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build();
    String json = send(request);
    return new View(json, read(json, ReleaseHistory.class));
  }

  public Accepted operate(OperationRequest operation) {
    ObjectNode body = EventJson.mapper().createObjectNode();
    // Chosen here, so that the request asked again after a 503 is the same operation, decided once.
    body.put("operationId", UUID.randomUUID().toString());
    body.put("operation", operation.operation().name());
    body.put("release", operation.release());
    operation.datacenters().forEach(body.putArray("datacenters")::add);
    body.put("requestedBy", operation.requestedBy());
    HttpRequest.Builder request =
        request(operation.repository(), "/operations")
            .timeout(OPERATION_TIMEOUT)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    return read(send(request.build()), Accepted.class);
  }

  private HttpRequest.Builder request(String repository, String suffix) {
    String root = base.toString().replaceAll("/+$", "");
    return HttpRequest.newBuilder(URI.create(root + "/releases/" + repository + suffix));
  }

  private String send(HttpRequest request) {
    Duration waited = Duration.ZERO;
    for (int unavailable = 1; ; unavailable++) {
      HttpResponse<String> response = exchange(request);
      int status = response.statusCode();
      if (status == 200 || status == 202) {
        return response.body();
      }
      String error = error(response);
      if (status != 503) {
        throw new ReleasesException(reason(status), error);
      }
      if (waited.compareTo(patience) >= 0) {
        throw new ReleasesException(
            Reason.UNAVAILABLE,
            "the release-coordinator at "
                + base
                + " is unavailable: "
                + error
                + " (asked "
                + unavailable
                + " times over "
                + Durations.words(waited)
                + ")");
      }
      Duration wait = retryAfter(response, unavailable);
      if (wait.compareTo(patience.minus(waited)) > 0) {
        wait = patience.minus(waited);
      }
      notices.accept(
          "the release-coordinator is not ready ("
              + error
              + "); asking again in "
              + Durations.words(wait));
      pause(wait);
      waited = waited.plus(wait);
    }
  }

  private HttpResponse<String> exchange(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new ReleasesException(
          Reason.UNAVAILABLE,
          "cannot reach the release-coordinator at " + base + ": connection refused",
          e);
    } catch (HttpTimeoutException e) {
      throw new ReleasesException(
          Reason.UNAVAILABLE,
          "the release-coordinator at " + base + " did not answer in time: " + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new ReleasesException(
          Reason.UNAVAILABLE, "cannot talk to the release-coordinator at " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReleasesException(Reason.UNAVAILABLE, "interrupted", e);
    }
  }

  private void pause(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReleasesException(Reason.UNAVAILABLE, "interrupted", e);
    }
  }

  private static Duration retryAfter(HttpResponse<String> response, int unavailable) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(value -> value.trim().matches("[0-9]{1,5}"))
        .map(value -> Duration.ofSeconds(Long.parseLong(value.trim())))
        .filter(wait -> !wait.isZero())
        .orElseGet(() -> UNAVAILABLE_BACKOFF.after(unavailable));
  }

  private static Reason reason(int status) {
    return switch (status) {
      case 400 -> Reason.BAD_REQUEST;
      case 401 -> Reason.UNAUTHORIZED;
      case 403 -> Reason.DISABLED;
      case 404 -> Reason.NOT_FOUND;
      case 409 -> Reason.REFUSED;
      default -> Reason.FAILED;
    };
  }

  /** The {@code error} of the answer's JSON, or the start of whatever else it sent. */
  private static String error(HttpResponse<String> response) {
    String body = response.body() == null ? "" : response.body().strip();
    try {
      JsonNode error = EventJson.mapper().readTree(body).path("error");
      if (error.isTextual()) {
        return error.asText();
      }
    } catch (JsonProcessingException e) {
      // Not JSON: a proxy's page, say; its start is all we can show.
    }
    String text =
        body.length() > MAX_ERROR_LENGTH ? body.substring(0, MAX_ERROR_LENGTH) + "…" : body;
    return "HTTP " + response.statusCode() + (text.isEmpty() ? "" : ": " + text);
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return EventJson.mapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new ReleasesException(
          Reason.FAILED,
          "the release-coordinator's answer is not what this CLI reads: " + e.getOriginalMessage(),
          e);
    }
  }
}
