package dev.slipway.reporter.github;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * Requests the reporter sends to GitHub's REST API itself, beside the library, with the headers
 * GitHub asks for.
 */
public final class GitHubHttp {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final AuthorizationProvider authorization;

  public GitHubHttp(AuthorizationProvider authorization) {
    this.authorization = authorization;
  }

  /** {@code url} absolute; {@code jsonBody} null for a request without a body. */
  public HttpResponse<String> send(String method, String url, String jsonBody)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .method(
                method,
                jsonBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) {
      request.header("Content-Type", "application/json");
    }
    String credential = authorization.getEncodedAuthorization();
    if (credential != null) {
      request.header("Authorization", credential);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
