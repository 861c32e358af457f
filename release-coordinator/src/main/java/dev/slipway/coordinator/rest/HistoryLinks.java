package dev.slipway.coordinator.rest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the release history page links to ({@code slipway.release.*}). */
@ConfigMapping(prefix = "slipway.release")
public interface HistoryLinks {

  /** The build-runner's build page of a release without its id: the page appends the release id. */
  @WithDefault("http://localhost:8082/builds/")
  String buildLogUrl();

  /**
   * GitHub's web address; a repository's deployments of one datacenter are at {@code
   * <url>/<owner>/<repo>/deployments/<datacenter>}.
   */
  @WithDefault("https://github.com")
  String githubUrl();
}
