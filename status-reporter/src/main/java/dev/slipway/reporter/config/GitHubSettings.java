package dev.slipway.reporter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How the reporter reaches GitHub ({@code slipway.github.*}). */
@ConfigMapping(prefix = "slipway.github")
public interface GitHubSettings {

  /** GitHub's REST API base URL; GitHub Enterprise's is {@code https://HOST/api/v3}. */
  @WithDefault("https://api.github.com")
  String apiUrl();

  /** A token with the {@code repo:status} (and {@code repo_deployment}) scope. */
  Optional<String> token();

  /** GitHub App credentials, used instead of the token when set. */
  Optional<App> app();

  Budget budget();

  Retry retry();

  /**
   * A GitHub App installation: the reporter signs a JWT with the key and trades it for installation
   * tokens.
   */
  interface App {
    long id();

    /** PEM file of the App's private key: PKCS#1 as GitHub hands it out, or PKCS#8. */
    Path privateKeyFile();

    long installationId();
  }

  /** Content-creating requests GitHub allows; statuses beyond the budget wait. */
  interface Budget {
    @WithDefault("80")
    int perMinute();

    @WithDefault("500")
    int perHour();
  }

  /**
   * Back-off while GitHub answers 5xx or cannot be reached: it doubles from the first to the max.
   */
  interface Retry {
    @WithDefault("1s")
    Duration firstBackoff();

    @WithDefault("1m")
    Duration maxBackoff();
  }
}
