package dev.slipway.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.events.Envelope;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class EventPublisherTest {

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final List<String> published = new ArrayList<>();
  private final EventPublisher publisher =
      new EventPublisher(
          producer,
          Duration.ofSeconds(1),
          new EventPublisher.Listener() {
            @Override
            public void published(String topic, String type) {
              published.add(topic + " " + type);
            }
          });

  private static Envelope<TaskSpecEvent> cancelled() {
    return Envelope.first(
        "/slipway/test",
        "org/a",
        "delivery-1",
        Instant.parse("2026-11-30T10:00:00Z"),
        new RunsCancelled("org/a", 1, null, "closed"));
  }

  @Test
  void anAcknowledgedEventIsReportedWithItsTopicAndType() {
    publisher.publish(Topics.TASK_SPEC, cancelled());

    assertThat(published).containsExactly(Topics.TASK_SPEC.name() + " RunsCancelled");
  }

  @Test
  void anEventKafkaRefusedIsNotReported() {
    producer.sendException = new TimeoutException("unreachable");

    assertThatThrownBy(() -> publisher.publish(Topics.TASK_SPEC, cancelled()))
        .isInstanceOf(PublishFailedException.class);
    assertThat(published).isEmpty();
  }
}
