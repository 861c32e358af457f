package dev.slipway.deployer.podman;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** One HTTP GET of a replica's health path through its host port. */
public final class HealthProbe {

  private final HttpClient http;
  private final Duration timeout;

  public HealthProbe(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** @param description "HTTP 404" or the connection error, for the user */
  public record Answer(boolean healthy, String description) {}

  public Answer get(String endpoint, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + endpoint + path)).timeout(timeout).GET().build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return new Answer(status >= 200 && status < 300, "HTTP " + status);
    } catch (ConnectException e) {
      return new Answer(false, "connection refused");
    } catch (HttpTimeoutException e) {
      return new Answer(false, "no answer within " + timeout.toMillis() + "ms");
    } catch (IOException e) {
      return new Answer(false, "connection error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(false, "interrupted");
    }
  }
}
