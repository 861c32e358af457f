package dev.slipway.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a Quarkus test at the shared real broker ({@link KafkaBroker}). */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    String servers = KafkaBroker.bootstrapServers();
    return Map.of(
        "kafka.bootstrap.servers", servers,
        "quarkus.kafka-streams.bootstrap-servers", servers);
  }

  @Override
  public void stop() {
    // The broker is shared by every test in this JVM and stops with it.
  }
}
