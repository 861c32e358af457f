package dev.slipway.ops.config;

import dev.slipway.platform.kafka.KafkaClientFactory;
import dev.slipway.platform.runtime.KafkaSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CLI's settings, read as a service reads its own: system properties, environment variables
 * (e.g. {@code KAFKA_BOOTSTRAP_SERVERS}) and, when given, a properties file with a service's keys
 * ({@code kafka.bootstrap.servers}, {@code slipway.kafka.client."security.protocol"}, …), through
 * the platform's own {@link KafkaSettings} and Quarkus' duration syntax ({@code 5s}, {@code 2h}).
 */
public final class OpsConfig {

  /**
   * Where a properties file sits among the sources: above defaults, below environment and system
   * properties, as a service's application.properties.
   */
  private static final int FILE_ORDINAL = 250;

  private final SmallRyeConfig config;

  private OpsConfig(SmallRyeConfig config) {
    this.config = config;
  }

  /**
   * @param file a properties file, or null
   */
  public static OpsConfig load(Path file) {
    SmallRyeConfigBuilder builder =
        new SmallRyeConfigBuilder()
            .addDefaultSources()
            .addDefaultInterceptors()
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(KafkaSettings.class)
            .withMapping(OpsSettings.class)
            // A service's properties file carries the service's other settings too.
            .withValidateUnknown(false);
    if (file != null) {
      try {
        builder.withSources(new PropertiesConfigSource(file.toUri().toURL(), FILE_ORDINAL));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return new OpsConfig(builder.build());
  }

  public OpsSettings ops() {
    return config.getConfigMapping(OpsSettings.class);
  }

  public KafkaSettings kafka() {
    return config.getConfigMapping(KafkaSettings.class);
  }

  /**
   * Where the release commands find the release-coordinator's operations endpoint ({@code
   * slipway.releases.url}, env {@code SLIPWAY_RELEASES_URL}).
   */
  public String releasesUrl() {
    return config
        .getOptionalValue("slipway.releases.url", String.class)
        .orElse("http://localhost:8083");
  }

  /**
   * The bearer token of the operations endpoint ({@code slipway.operations.token}, env {@code
   * SLIPWAY_OPERATIONS_TOKEN}), or null when none is set.
   */
  public String operationsToken() {
    return config.getOptionalValue("slipway.operations.token", String.class).orElse(null);
  }

  /** The Kafka clients, configured as a service's (see {@link KafkaSettings#clients}). */
  public KafkaClientFactory clients() {
    String bootstrapServers =
        config.getOptionalValue("kafka.bootstrap.servers", String.class).orElse("localhost:9092");
    return kafka().clients(bootstrapServers, "slipway-ops");
  }
}
