package dev.slipway.reporter.kafka;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.Envelope;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.WebhookReceived;
import dev.slipway.events.kafka.TopicSerdes;
import dev.slipway.events.kafka.UnreadableEventException;
import dev.slipway.reporter.domain.PlanningFailed;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads, from the dead-letter topic, the webhooks the task-compiler gave up on. */
final class DeadLetteredWebhooks {

  static final String COMPILER_SOURCE = "/slipway/task-compiler";
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetteredWebhooks.class);

  private DeadLetteredWebhooks() {}

  static Optional<PlanningFailed> planningFailure(Envelope<?> envelope) {
    if (!(envelope.data() instanceof DeadLetter letter)
        || !COMPILER_SOURCE.equals(envelope.source())
        || !Topics.WEBHOOK.name().equals(letter.topic())
        || letter.value() == null) {
      return Optional.empty();
    }
    RecordHeaders headers = new RecordHeaders();
    for (Map.Entry<String, String> header : letter.headers().entrySet()) {
      headers.add(
          header.getKey(),
          header.getValue() == null ? null : header.getValue().getBytes(StandardCharsets.UTF_8));
    }
    try {
      Envelope<WebhookEvent> webhook =
          TopicSerdes.valueSerde(Topics.WEBHOOK)
              .deserializer()
              .deserialize(letter.topic(), headers, letter.value());
      if (webhook != null && webhook.data() instanceof WebhookReceived received) {
        LOG.warn(
            "the task-compiler gave up on delivery {} repo={} ({}): showing an error on slipway/config correlation={}",
            received.deliveryId(),
            received.repository(),
            letter.reason(),
            webhook.correlationId());
        return Optional.of(new PlanningFailed(received));
      }
    } catch (UnreadableEventException e) {
      LOG.debug("dead letter {} is not a readable webhook: {}", envelope.id(), e.getMessage());
    }
    return Optional.empty();
  }
}
