package dev.slipway.gateway;

import dev.slipway.gateway.domain.DeliveryLedger;
import dev.slipway.gateway.domain.OrganisationVerifiers;
import dev.slipway.gateway.domain.PayloadExtractor;
import dev.slipway.gateway.domain.TestOrganisations;
import dev.slipway.gateway.domain.WebhookIntake;
import dev.slipway.gateway.kafka.KafkaWebhookSink;
import dev.slipway.platform.kafka.EventPublisher;
import java.time.Clock;
import java.time.Duration;

/**
 * Gateway intakes built outside Quarkus, publishing through a given producer, as a second gateway
 * instance would.
 */
final class KafkaIntakes {

  private KafkaIntakes() {}

  /**
   * @param sendTimeout the bound of one publish; a concurrent copy waits for it twice as long
   */
  static WebhookIntake publishingThrough(
      EventPublisher publisher, DeliveryLedger ledger, String secret, Duration sendTimeout) {
    return new WebhookIntake(
        new OrganisationVerifiers(() -> TestOrganisations.anyOwner(secret)),
        new PayloadExtractor(),
        ledger,
        new KafkaWebhookSink(publisher, "/slipway/webhook-gateway", Clock.systemUTC(), sendTimeout),
        Clock.systemUTC(),
        sendTimeout.multipliedBy(2));
  }
}
