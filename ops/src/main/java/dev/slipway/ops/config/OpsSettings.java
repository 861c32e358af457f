package dev.slipway.ops.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * The operations CLI's own settings ({@code slipway.ops.*}); its Kafka settings are the services'
 * {@code slipway.kafka.*}.
 */
@ConfigMapping(prefix = "slipway.ops")
public interface OpsSettings {

  /**
   * How long before the delivery's time trace starts reading every topic (producers' clocks differ
   * a little).
   */
  @WithName("trace.look-back")
  @WithDefault("1m")
  Duration lookBack();

  /**
   * How long after the delivery's time trace reads: the bound on its cost on a long-lived topic.
   */
  @WithName("trace.look-ahead")
  @WithDefault("2h")
  Duration lookAhead();

  /** How far back trace searches the webhook topic for a delivery when no --at is given. */
  @WithName("trace.search-back")
  @WithDefault("7d")
  Duration searchBack();

  /**
   * The search's first step back from now; each next step is twice the one before. It ends at the
   * first step with the delivery.
   */
  @WithName("trace.search-step")
  @WithDefault("1h")
  Duration searchStep();

  /** A missing next event older than this is reported as stopped, younger as waiting. */
  @WithName("trace.stall-after")
  @WithDefault("10m")
  Duration stallAfter();
}
