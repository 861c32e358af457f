package dev.slipway.coordinator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Who may ask for release operations over HTTP, and how long they wait for the answer. */
@ConfigMapping(prefix = "slipway.release.operations")
public interface OperationSettings {

  /**
   * The bearer token {@code POST /releases/{owner}/{repo}/operations} requires. Without one the
   * endpoint refuses every request (403): operations are off until an operator sets it.
   */
  Optional<String> token();

  /**
   * How long a request waits for the coordinator's decision before it is answered 503 (the
   * operation was published and may still be decided).
   */
  @WithDefault("10s")
  Duration answerTimeout();
}
