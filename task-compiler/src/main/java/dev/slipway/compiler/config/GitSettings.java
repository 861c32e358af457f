package dev.slipway.compiler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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

  /** How long a fetch or ls-remote may wait on the network. */
  @WithDefault("60s")
  Duration timeout();
}
