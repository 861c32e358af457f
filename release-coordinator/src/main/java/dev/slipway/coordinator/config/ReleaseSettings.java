package dev.slipway.coordinator.config;

import dev.slipway.coordinator.domain.CoordinatorRules;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the coordinator decides ({@code slipway.release.*}). */
@ConfigMapping(prefix = "slipway.release")
public interface ReleaseSettings {

  /**
   * How long an in-flight release may go without an outcome (build or deploy) before it times out.
   */
  @WithDefault("30m")
  Duration stepTimeout();

  /** How often, by the wall clock, in-flight releases are checked against that deadline. */
  @WithDefault("10s")
  Duration timeoutCheckInterval();

  /**
   * Finished releases remembered per repository, so that their repeated or late events change
   * nothing.
   */
  @WithDefault("200")
  int historySize();

  /** Lane outcomes kept per datacenter and shown by {@code GET /releases/{owner}/{repo}}. */
  @WithDefault("10")
  int outcomesPerLane();

  /**
   * The Kafka Streams state directory (RocksDB), given to Streams as {@code
   * kafka-streams.state.dir}. Its default is in {@code application.properties}: {@code
   * KAFKA_STREAMS_STATE_DIR}, else {@code release-coordinator-state} in the working directory.
   */
  String stateDir();

  /**
   * Replication factor of the internal topics (the store's changelog), given to Streams as {@code
   * kafka-streams.replication.factor}; default 1 in {@code application.properties}.
   */
  int internalReplicationFactor();

  default CoordinatorRules rules() {
    return new CoordinatorRules(stepTimeout(), historySize(), outcomesPerLane());
  }
}
