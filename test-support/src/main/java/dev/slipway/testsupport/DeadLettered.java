package dev.slipway.testsupport;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.Envelope;
import dev.slipway.events.Topic;
import dev.slipway.events.kafka.DeadLetters;
import dev.slipway.events.kafka.TopicSerdes;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Dead letters as a consuming service writes them, for the tests of what reads them. */
public final class DeadLettered {

  private DeadLettered() {}

  /**
   * The dead letter a consumer of {@code topic} writes when handling {@code envelope}'s record
   * fails with {@code reason}: the record as it was on the topic, its CloudEvents headers kept.
   */
  public static <E> DeadLetter letterOf(Topic<E> topic, Envelope<E> envelope, String reason) {
    RecordHeaders headers = new RecordHeaders();
    byte[] value =
        TopicSerdes.valueSerde(topic).serializer().serialize(topic.name(), headers, envelope);
    return new DeadLetter(
        topic.name(),
        0,
        42,
        reason,
        envelope.key().getBytes(StandardCharsets.UTF_8),
        value,
        DeadLetters.headersAsText(headers));
  }
}
