package dev.slipway.ops.kafka;

import dev.slipway.events.Envelope;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.events.kafka.TopicSerdes;
import dev.slipway.events.kafka.UnreadableEventException;
import dev.slipway.ops.domain.RecordCopy;
import dev.slipway.ops.domain.Replays;
import dev.slipway.ops.domain.TracedEvent;
import dev.slipway.ops.domain.Unreadable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Reads Slipway records with the services' own serdes. */
final class EventDecoder {

  private EventDecoder() {}

  /**
   * The event of a record; a record its topic's serde cannot read becomes an {@link Unreadable}.
   */
  static TracedEvent decode(ConsumerRecord<byte[], byte[]> record) {
    Topic<?> topic =
        Topics.byName(record.topic())
            .orElseThrow(
                () -> new IllegalArgumentException("not a Slipway topic: " + record.topic()));
    Headers headers = record.headers();
    String replayOf = text(headers, Replays.REPLAY_OF);
    try {
      Envelope<?> envelope =
          TopicSerdes.valueSerde(topic)
              .deserializer()
              .deserialize(record.topic(), headers, record.value());
      if (envelope == null) {
        return unreadable(record, "empty record");
      }
      return new TracedEvent(
          envelope.id(),
          envelope.causationId(),
          envelope.correlationId(),
          replayOf,
          envelope.rerun(),
          text(headers, "ce_type"),
          envelope.source(),
          record.topic(),
          record.partition(),
          record.offset(),
          envelope.time(),
          envelope.subject(),
          envelope.data());
    } catch (UnreadableEventException e) {
      return unreadable(record, e.getMessage());
    }
  }

  static RecordCopy copy(ConsumerRecord<byte[], byte[]> record) {
    List<RecordCopy.Header> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      headers.add(new RecordCopy.Header(header.key(), header.value()));
    }
    return new RecordCopy(
        record.topic(),
        record.partition(),
        record.offset(),
        Instant.ofEpochMilli(record.timestamp()),
        record.key(),
        record.value(),
        headers);
  }

  static String text(Headers headers, String key) {
    Header header = headers.lastHeader(key);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static TracedEvent unreadable(ConsumerRecord<byte[], byte[]> record, String reason) {
    Headers headers = record.headers();
    String type = text(headers, "ce_type");
    return new TracedEvent(
        text(headers, Replays.ID),
        text(headers, "ce_causationid"),
        text(headers, Replays.CORRELATION_ID),
        text(headers, Replays.REPLAY_OF),
        text(headers, Replays.RERUN),
        type == null ? "unreadable" : type,
        text(headers, "ce_source"),
        record.topic(),
        record.partition(),
        record.offset(),
        Instant.ofEpochMilli(record.timestamp()),
        record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
        new Unreadable(reason));
  }
}
