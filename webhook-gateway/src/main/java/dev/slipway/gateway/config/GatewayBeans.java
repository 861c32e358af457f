package dev.slipway.gateway.config;

import dev.slipway.gateway.domain.DeliveryLedger;
import dev.slipway.gateway.domain.OrganisationVerifiers;
import dev.slipway.gateway.domain.PayloadExtractor;
import dev.slipway.gateway.domain.WebhookIntake;
import dev.slipway.gateway.kafka.DeliveryTail;
import dev.slipway.gateway.kafka.KafkaWebhookSink;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import dev.slipway.platform.organisations.GitHubCredentials;
import dev.slipway.platform.organisations.Organisations;
import dev.slipway.platform.organisations.OrganisationsFile;
import dev.slipway.platform.runtime.ConsumerLauncher;
import dev.slipway.platform.runtime.KafkaClientMeters;
import dev.slipway.platform.runtime.KafkaSettings;
import dev.slipway.platform.runtime.OrganisationSettings;
import dev.slipway.platform.runtime.TopicBootstrap;
import dev.slipway.platform.runtime.Workers;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.apache.kafka.clients.consumer.Consumer;

/** Wires the plain-Java intake to Kafka and starts reading back earlier deliveries. */
@ApplicationScoped
public class GatewayBeans {

  @Produces
  @Singleton
  DeliveryLedger ledger(WebhookSettings settings, Clock clock) {
    return new DeliveryLedger(clock, settings.dedupe().window(), settings.dedupe().maxEntries());
  }

  /**
   * The organisations of {@code slipway.organisations.file}, or without it one organisation with
   * {@code slipway.webhook.secrets}. Made at start, so a gateway with neither does not start.
   */
  @Produces
  @Singleton
  @Startup
  OrganisationVerifiers verifiers(WebhookSettings settings, OrganisationSettings organisations) {
    return new OrganisationVerifiers(
        OrganisationSettings.organisations(
            organisations,
            () ->
                Organisations.anyOwner(
                    settings
                        .secrets()
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "no webhook secret: set slipway.organisations.file (each"
                                        + " organisation's webhook-secret-files) or"
                                        + " slipway.webhook.secrets")),
                    new GitHubCredentials.None(),
                    OrganisationsFile.DEFAULT_WRITE_BUDGET)));
  }

  @Produces
  @Singleton
  WebhookIntake intake(
      OrganisationVerifiers verifiers,
      KafkaSettings kafka,
      DeliveryLedger ledger,
      EventPublisher publisher,
      ConsumerLauncher launcher,
      Clock clock) {
    // A publish can wait for metadata and then for the acknowledgement, each up to the send
    // timeout.
    return new WebhookIntake(
        verifiers,
        new PayloadExtractor(),
        ledger,
        new KafkaWebhookSink(publisher, launcher.source(), clock, kafka.sendTimeout()),
        clock,
        kafka.sendTimeout().multipliedBy(2));
  }

  void startTail(
      @Observes StartupEvent event,
      KafkaClientFactory factory,
      KafkaClientMeters clientMeters,
      DeliveryLedger ledger,
      TopicBootstrap topics,
      WebhookSettings settings,
      Workers workers,
      Clock clock) {
    workers.start(
        "webhook-delivery-tail",
        () -> {
          Consumer<byte[], byte[]> consumer =
              factory.newConsumer(null, DeliveryTail.CONSUMER_SETTINGS);
          return clientMeters.whileRunning(
              consumer,
              null,
              new DeliveryTail(consumer, ledger, clock, settings.dedupe().window(), topics::ready));
        });
  }
}
