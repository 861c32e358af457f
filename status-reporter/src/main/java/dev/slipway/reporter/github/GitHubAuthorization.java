package dev.slipway.reporter.github;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.kohsuke.github.authorization.AppInstallationAuthorizationProvider;
import org.kohsuke.github.authorization.AuthorizationProvider;
import org.kohsuke.github.authorization.ImmutableAuthorizationProvider;
import org.kohsuke.github.extras.authorization.JWTTokenProvider;

/** The credential the reporter presents to GitHub. */
public final class GitHubAuthorization {

  private GitHubAuthorization() {}

  public static AuthorizationProvider token(String token) {
    return ImmutableAuthorizationProvider.fromOauthToken(token);
  }

  /**
   * A GitHub App installation: the library signs a short-lived JWT with the App's key, trades it
   * for an installation token and renews that token before it expires.
   */
  public static AuthorizationProvider app(long appId, Path privateKeyFile, long installationId) {
    try {
      JWTTokenProvider jwt = new JWTTokenProvider(String.valueOf(appId), privateKeyFile);
      return new AppInstallationAuthorizationProvider(
          app -> app.getInstallationById(installationId), jwt);
    } catch (GeneralSecurityException | IOException e) {
      throw unreadableKey(privateKeyFile, e);
    }
  }

  /**
   * The App itself, a JWT signed with its key: what the App's own endpoints ({@code /app/hook/...})
   * take.
   */
  public static AuthorizationProvider appJwt(long appId, Path privateKeyFile) {
    try {
      return new JWTTokenProvider(String.valueOf(appId), privateKeyFile);
    } catch (GeneralSecurityException | IOException e) {
      throw unreadableKey(privateKeyFile, e);
    }
  }

  private static IllegalArgumentException unreadableKey(Path privateKeyFile, Exception cause) {
    return new IllegalArgumentException(
        "cannot read the GitHub App private key "
            + privateKeyFile
            + " (slipway.github.app.private-key-file)",
        cause);
  }

  /** No credential: only useful against a fake GitHub, real GitHub refuses anonymous writes. */
  public static AuthorizationProvider anonymous() {
    return AuthorizationProvider.ANONYMOUS;
  }
}
