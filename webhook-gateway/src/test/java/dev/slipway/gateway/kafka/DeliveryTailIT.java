package dev.slipway.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.Topics;
import dev.slipway.gateway.domain.DeliveryLedger;
import dev.slipway.platform.kafka.KafkaClientFactory;
import dev.slipway.platform.kafka.TopicProvisioner;
import dev.slipway.platform.workers.Supervisor;
import dev.slipway.testsupport.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The delivery tail against a broker that has never held Slipway's topics: the race a fresh {@code
 * ./slipway up} ran into, where the tail looked for the webhook topic's partitions before the
 * broker knew them, assigned none, and its thread died.
 */
class DeliveryTailIT {

  @Test
  void aTailThatLooksBeforeItsTopicExistsCatchesUpOnceTheTopicIsCreated() throws Exception {
    List<String> failures = new CopyOnWriteArrayList<>();
    try (KafkaBroker.Separate broker = KafkaBroker.separate();
        Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        Supervisor supervisor =
            new Supervisor(
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                new Supervisor.Listener() {
                  @Override
                  public void restarting(String worker, RuntimeException cause) {
                    failures.add(cause.toString());
                  }
                })) {
      KafkaClientFactory factory =
          new KafkaClientFactory(broker.bootstrapServers(), "fresh-gateway");
      DeliveryLedger ledger = new DeliveryLedger(Clock.systemUTC(), Duration.ofHours(1), 1000);
      AtomicInteger looks = new AtomicInteger();
      // The topic's creation counts as done, but the broker does not know its partitions yet.
      supervisor.start(
          "webhook-delivery-tail",
          () ->
              new DeliveryTail(
                  factory.newConsumer(null, DeliveryTail.CONSUMER_SETTINGS),
                  ledger,
                  Clock.systemUTC(),
                  Duration.ofHours(1),
                  () -> looks.incrementAndGet() > 0));
      await().atMost(Duration.ofSeconds(20)).until(() -> looks.get() >= 2);
      assertThat(ledger.loaded()).isFalse();

      new TopicProvisioner(admin, 3, (short) 1).ensureAll();
      try (Producer<byte[], byte[]> producer = factory.newProducer()) {
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(
                Topics.WEBHOOK.name(), "acme/shop".getBytes(StandardCharsets.UTF_8), new byte[0]);
        record
            .headers()
            .add(
                DeliveryTail.CORRELATION_HEADER,
                "delivery-after-creation".getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
      }

      await().atMost(Duration.ofSeconds(30)).until(() -> ledger.loaded() && ledger.size() == 1);
      assertThat(failures).isEmpty();
      assertThat(supervisor.failures()).isEmpty();
    }
  }
}
