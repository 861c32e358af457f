package dev.slipway.runner.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Asks a registry what a user's {@code docker pull} would ask: the digest of a tag's manifest. */
public final class RegistryApi {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private RegistryApi() {}

  /**
   * {@code Docker-Content-Digest} of {@code GET /v2/<name>/manifests/<tag>}, or null when the
   * registry has no such tag.
   */
  public static String digest(String registry, String name, String tag)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://" + registry + "/v2/" + name + "/manifests/" + tag))
            .header(
                "Accept",
                "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json")
            .GET()
            .build();
    HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
    return response.statusCode() == 200
        ? response.headers().firstValue("Docker-Content-Digest").orElse(null)
        : null;
  }
}
