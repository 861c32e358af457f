package dev.slipway.runner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the build-runner ({@code slipway.runner.*}); see the module's README. */
@ConfigMapping(prefix = "slipway.runner")
public interface RunnerConfig {

  /** Where the runner keeps its state, workspaces, logs and container storage. */
  @WithDefault("/var/lib/slipway/build-runner")
  Path rootDir();

  /** Task logs, kept after the container is gone; defaults to {@code <root-dir>/logs}. */
  Optional<Path> logDir();

  /** The run journal (last reported state per run); defaults to {@code <root-dir>/state}. */
  Optional<Path> stateDir();

  /** Base URL of this runner's pages; a run's page is {@code <base-url>/runs/<runId>}. */
  @WithDefault("http://localhost:8082")
  String baseUrl();

  /** How many tasks run at once; the rest queue in arrival order. */
  @WithDefault("2")
  int concurrency();

  /** Registry that task images are pushed to, {@code host[:port]}. */
  @WithDefault("127.0.0.1:5000")
  String registry();

  /** Talk plain HTTP to registries (the local stack's registry has no TLS). */
  @WithDefault("true")
  boolean registryInsecure();

  /** How long a stopped container gets between SIGTERM and SIGKILL. */
  @WithDefault("5s")
  Duration stopGrace();

  default Path logs() {
    return logDir().orElse(rootDir().resolve("logs"));
  }

  default Path state() {
    return stateDir().orElse(rootDir().resolve("state"));
  }
}
