package dev.slipway.gateway.kafka;

import dev.slipway.gateway.domain.DeliveryLedger;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until earlier deliveries are read back: before that, a redelivery could not be
 * recognised.
 */
@Readiness
@ApplicationScoped
public class DeliveryHistoryReadinessCheck implements HealthCheck {

  private final DeliveryLedger ledger;

  DeliveryHistoryReadinessCheck(DeliveryLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("webhook-delivery-history")
        .status(ledger.loaded())
        .withData("deliveries", ledger.size())
        .build();
  }
}
