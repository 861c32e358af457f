package dev.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.Topics;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.WebhookReceived;
import dev.slipway.gateway.domain.DeliveryLedger;
import dev.slipway.gateway.domain.DeliveryRequest;
import dev.slipway.gateway.domain.IntakeOutcome;
import dev.slipway.gateway.domain.IntakeOutcome.Status;
import dev.slipway.gateway.domain.SignatureVerifier;
import dev.slipway.gateway.domain.WebhookIntake;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import dev.slipway.platform.kafka.TopicProvisioner;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.FreePorts;
import dev.slipway.testsupport.KafkaBroker;
import dev.slipway.testsupport.WebhookExamples;
import dev.slipway.testsupport.WebhookExamples.Example;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The gateway's intake with its real Kafka producer, configured as the gateway configures it (3 s
 * send timeout), reaching the shared test broker through a forwarder the test can take away: the
 * broker itself cannot be stopped without breaking every other test in the JVM.
 */
class KafkaOutageIT {

  private static final String SECRET = "outage-secret";

  /** The gateway's {@code slipway.kafka.send-timeout}. */
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(3);

  /** A publish waits for metadata, then for the acknowledgement, each at most the send timeout. */
  private static final Duration BOUND = SEND_TIMEOUT.multipliedBy(2);

  @Test
  void deliveriesAreRefusedWithinTheBoundWhileKafkaIsUnreachableAndAcceptedOnceItIsBack()
      throws Exception {
    String broker = KafkaBroker.bootstrapServers();
    TopicProvisioner.provision(new KafkaClientFactory(broker, "outage-admin"), 3, (short) 1);
    int port = FreePorts.take();
    KafkaClientFactory factory =
        new KafkaClientFactory("127.0.0.1:" + port, "outage-gateway", SEND_TIMEOUT, Map.of());
    DeliveryLedger ledger = new DeliveryLedger(Clock.systemUTC(), Duration.ofHours(24), 1000);
    ledger.markLoaded();
    Example example = WebhookExamples.first("pull_request", "opened");
    DeliveryRequest delivery =
        new DeliveryRequest(
            SignatureVerifier.sign(SECRET, example.body()),
            "pull_request",
            UUID.randomUUID().toString(),
            "application/json",
            example.body());

    try (EventPublisher publisher = new EventPublisher(factory.newProducer(), SEND_TIMEOUT);
        EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      WebhookIntake intake =
          KafkaIntakes.publishingThrough(publisher, ledger, SECRET, SEND_TIMEOUT);

      Timed whileDown = Timed.receive(intake, delivery);
      assertThat(whileDown.outcome().status()).isEqualTo(Status.UNAVAILABLE);
      assertThat(whileDown.took()).isLessThanOrEqualTo(BOUND.plusMillis(500));

      List<Timed> redeliveries = new ArrayList<>();
      try (TcpForwarder kafkaBack = new TcpForwarder(port, broker)) {
        Instant deadline = Instant.now().plusSeconds(30);
        do {
          redeliveries.add(Timed.receive(intake, delivery));
        } while (redeliveries.get(redeliveries.size() - 1).outcome().status() == Status.UNAVAILABLE
            && Instant.now().isBefore(deadline));
      }

      assertThat(redeliveries.get(redeliveries.size() - 1).outcome().status())
          .isEqualTo(Status.PUBLISHED);
      assertThat(redeliveries)
          .allSatisfy(timed -> assertThat(timed.took()).isLessThanOrEqualTo(BOUND.plusMillis(500)));
      assertThat(probe.drain(Duration.ofSeconds(2)))
          .filteredOn(envelope -> envelope.correlationId().equals(delivery.deliveryId()))
          .hasSize(1)
          .allSatisfy(
              envelope ->
                  assertThat(((WebhookReceived) envelope.data()).headSha())
                      .isEqualTo(example.text("pull_request", "head", "sha")));
      System.out.printf(
          "Kafka unreachable: 503 after %d ms; reachable again: %d redelivery attempt(s) until 202%n",
          whileDown.took().toMillis(), redeliveries.size());
    }
  }

  private record Timed(IntakeOutcome outcome, Duration took) {
    static Timed receive(WebhookIntake intake, DeliveryRequest delivery) {
      long start = System.nanoTime();
      IntakeOutcome outcome = intake.receive(delivery).toCompletableFuture().join();
      return new Timed(outcome, Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
