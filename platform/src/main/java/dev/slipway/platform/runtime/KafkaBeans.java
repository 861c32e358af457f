package dev.slipway.platform.runtime;

import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.Shutdown;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The shared Kafka clients of a service, configured once, with their metrics and the counts of what
 * the service published.
 */
@ApplicationScoped
public class KafkaBeans {

  private final KafkaClientFactory factory;
  private final EventPublisher publisher;
  private final KafkaClientMetrics producerMeters;
  private final AdminClient admin;
  private final KafkaClientMetrics adminMeters;

  KafkaBeans(
      @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
          String bootstrapServers,
      @ConfigProperty(name = "quarkus.application.name") String applicationName,
      KafkaSettings settings,
      EventMetrics events,
      KafkaClientMeters clientMeters) {
    this.factory = settings.clients(bootstrapServers, applicationName);
    Producer<byte[], byte[]> producer = factory.newProducer();
    this.producerMeters = clientMeters.bind(producer);
    this.publisher = new EventPublisher(producer, settings.sendTimeout(), events);
    // Which topics a service publishes on is its own business: every topic's counts start at 0.
    events.registerPublished(Topics.ALL);
    this.admin = factory.newAdmin();
    this.adminMeters = clientMeters.bind(admin);
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
    producerMeters.close();
    publisher.close();
    adminMeters.close();
    admin.close();
  }
}
