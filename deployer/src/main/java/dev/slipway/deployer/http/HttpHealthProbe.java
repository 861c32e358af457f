package dev.slipway.deployer.http;

import dev.slipway.deployer.domain.HealthProbe;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** One HTTP GET of a health URL, each connection and answer bounded by {@code timeout}. */
public final class HttpHealthProbe implements HealthProbe {

  /**
   * Set by the datacenter's haproxy (its sync) on every answer of a service: the release that
   * answered.
   */
  static final String RELEASE_HEADER = "X-Slipway-Release";

  private final HttpClient http;
  private final Duration timeout;

  public HttpHealthProbe(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public Answer get(String url) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      return new Answer(
          status >= 200 && status < 300,
          "HTTP " + status,
          response.headers().firstValue(RELEASE_HEADER).orElse(null));
    } catch (ConnectException e) {
      return new Answer(false, "connection refused");
    } catch (HttpTimeoutException e) {
      return new Answer(false, "no answer within " + timeout.toMillis() + "ms");
    } catch (IOException e) {
      return new Answer(
          false,
          "connection error: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()));
    } catch (IllegalArgumentException e) {
      return new Answer(false, "not a URL to GET: " + url);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(false, "interrupted");
    }
  }
}
