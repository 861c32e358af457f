package dev.slipway.platform.organisations;

import java.nio.file.Path;

/** How Slipway acts on GitHub for one organisation; only the status-reporter uses them. */
public sealed interface GitHubCredentials {

  /** A personal or machine token. */
  record Token(String token) implements GitHubCredentials {
    @Override
    public String toString() {
      return "Token[***]";
    }
  }

  /**
   * A GitHub App installation: a JWT signed with the App's key (PKCS#1 or PKCS#8 PEM) is traded for
   * installation tokens.
   */
  record App(long appId, long installationId, Path privateKeyFile) implements GitHubCredentials {}

  /** None: only a fake GitHub answers; the real one refuses anonymous writes. */
  record None() implements GitHubCredentials {}
}
