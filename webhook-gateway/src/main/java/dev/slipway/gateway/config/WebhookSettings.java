package dev.slipway.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The gateway's settings ({@code slipway.webhook.*}); see the module README. */
@ConfigMapping(prefix = "slipway.webhook")
public interface WebhookSettings {

  /**
   * Secrets a delivery may be signed with when no organisations file is configured (with one, each
   * organisation's own secrets verify its deliveries); list the new one next to the old one while
   * rotating. No default: a gateway with neither would reject every delivery, so it refuses to
   * start.
   */
  Optional<List<String>> secrets();

  /**
   * The bytes of request bodies that may be read at once (a body without Content-Length counts as
   * {@code quarkus.http.limits.max-body-size}); a delivery that does not fit gets 503 before its
   * body is read. At least the largest body allowed, or such a body could never be read.
   */
  @WithDefault("32M")
  MemorySize maxBytesInFlight();

  Dedupe dedupe();

  interface Dedupe {

    /** How long a delivery id is remembered, and how far back the topic is read at start-up. */
    @WithDefault("24h")
    Duration window();

    /** How many delivery ids are remembered at most (about 150 bytes each). */
    @WithDefault("200000")
    int maxEntries();
  }
}
