package dev.slipway.compiler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the task-compiler reaches repositories ({@code slipway.git.*}). */
@ConfigMapping(prefix = "slipway.git")
public interface GitSettings {

  /**
   * The repository URL; {@code {owner}} and {@code {repo}} are replaced. Also the clone step's URL.
   */
  @WithDefault("https://github.com/{owner}/{repo}.git")
  String urlTemplate();

  /** Where the bare caches of repositories live (one per repository). */
  @WithDefault("${java.io.tmpdir}/slipway-git")
  String workDir();

  /**
   * GitHub's REST API (e.g. {@code https://api.github.com}): when set, {@code .slipway.yml} is read
   * through the contents API, one request per commit, instead of a git fetch. Tags and the clone
   * step still use git. Unset: git only.
   */
  Optional<String> contentsApiUrl();

  /** How long a fetch, an ls-remote or a request to the contents API may wait on the network. */
  @WithDefault("60s")
  Duration timeout();
}
