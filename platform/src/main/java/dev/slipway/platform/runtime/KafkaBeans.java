package dev.slipway.platform.runtime;

import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import io.quarkus.runtime.Shutdown;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The shared Kafka clients of a service, configured once. */
@ApplicationScoped
public class KafkaBeans {

  private final KafkaClientFactory factory;
  private final EventPublisher publisher;
  private final Admin admin;

  KafkaBeans(
      @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
          String bootstrapServers,
      @ConfigProperty(name = "quarkus.application.name") String applicationName,
      KafkaSettings settings) {
    this.factory = settings.clients(bootstrapServers, applicationName);
    this.publisher = new EventPublisher(factory.newProducer(), settings.sendTimeout());
    this.admin = factory.newAdmin();
  }

  @Produces
  @Singleton
  KafkaClientFactory factory() {
    return factory;
  }

  @Produces
  @Singleton
  EventPublisher publisher() {
    return publisher;
  }

  @Produces
  @Singleton
  Admin admin() {
    return admin;
  }

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Shutdown
  void close() {
    publisher.close();
    admin.close();
  }
}
