package dev.slipway.reporter.github;

import java.io.IOException;
import java.nio.file.Path;
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
   * The App itself, a JWT signed with its key: what the App's own endpoints ({@code /app/hook/...})
   * take.
   */
  public static AuthorizationProvider appJwt(long appId, Path privateKeyFile) {
    try {
      return new JWTTokenProvider(String.valueOf(appId), AppKeys.read(privateKeyFile));
    } catch (IOException e) {
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
