package dev.slipway.reporter.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.platform.organisations.GitHubCredentials;
import dev.slipway.reporter.domain.InstallationToken;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.kohsuke.github.extras.authorization.JWTTokenProvider;

/**
 * The installation token of one GitHub App installation: minted with a JWT signed by the App's key
 * ({@code POST /app/installations/{id}/access_tokens}), and minted again once less than {@code
 * renewWhenLeft} of its life is left. The reporter writes with it and hands it to git.
 */
final class InstallationTokens {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CREATED = 201;

  private final String apiUrl;
  private final GitHubCredentials.App app;
  private final Clock clock;
  private final double renewWhenLeft;

  /** Guarded by {@code this}. */
  private GitHubHttp asApp;

  /** Guarded by {@code this}. */
  private InstallationToken current;

  InstallationTokens(String apiUrl, GitHubCredentials.App app, Clock clock, double renewWhenLeft) {
    this.apiUrl = apiUrl;
    this.app = app;
    this.clock = clock;
    this.renewWhenLeft = renewWhenLeft;
  }

  /**
   * The current token, minted first when there is none or it is due for renewal.
   *
   * @throws CredentialsRefusedException the key cannot be read, or GitHub refused to mint one
   * @throws IOException GitHub could not be reached or failed
   */
  synchronized InstallationToken current() throws IOException {
    if (current == null || current.renewalDue(clock.instant(), renewWhenLeft)) {
      current = mint();
    }
    return current;
  }

  private InstallationToken mint() throws IOException {
    Instant issuedAt = clock.instant();
    HttpResponse<String> answer;
    try {
      answer =
          app()
              .send(
                  "POST",
                  apiUrl + "/app/installations/" + app.installationId() + "/access_tokens",
                  "{}");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while minting an installation token", e);
    }
    if (answer.statusCode() != CREATED) {
      String problem =
          answer.statusCode()
              + " "
              + GitHubRepositories.gitHubMessage(answer.body())
              + " (minting a token of App "
              + app.appId()
              + " installation "
              + app.installationId()
              + ")";
      if (answer.statusCode() >= 500) {
        throw new IOException(problem);
      }
      // The key may have been replaced in its file: read it again for the next attempt.
      asApp = null;
      throw new CredentialsRefusedException(problem);
    }
    JsonNode body = JSON.readTree(answer.body());
    try {
      return new InstallationToken(
          body.path("token").asText(), issuedAt, Instant.parse(body.path("expires_at").asText()));
    } catch (DateTimeParseException e) {
      throw new IOException("GitHub's installation token has no readable expires_at", e);
    }
  }

  /** The App itself, signing with its key: read once, when first needed. */
  private GitHubHttp app() throws CredentialsRefusedException {
    if (asApp == null) {
      try {
        asApp =
            new GitHubHttp(
                new JWTTokenProvider(
                    String.valueOf(app.appId()), AppKeys.read(app.privateKeyFile())));
      } catch (IOException e) {
        throw new CredentialsRefusedException(
            "cannot read the App's private key: " + e.getMessage());
      }
    }
    return asApp;
  }
}
