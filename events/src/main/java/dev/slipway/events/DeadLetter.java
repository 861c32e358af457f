package dev.slipway.events;

import dev.slipway.events.kafka.CloudEventSerde;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A record that could not be read or handled, kept whole with where it came from and why.
 *
 * @param key the original key bytes (base64 in JSON), null if the record had none
 * @param value the original value bytes (base64 in JSON)
 * @param headers the original headers, as text
 */
public record DeadLetter(
    String topic,
    int partition,
    long offset,
    String reason,
    byte[] key,
    byte[] value,
    Map<String, String> headers)
    implements DeadLetterEvent {

  /** The dead letter of a consumed record, its headers kept as text. */
  public static DeadLetter of(
      String topic, int partition, long offset, String reason, byte[] key, byte[] value, Headers headers) {
    Map<String, String> text = new LinkedHashMap<>();
    for (Header header : headers) {
      text.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
    }
    return new DeadLetter(topic, partition, offset, reason, key, value, text);
  }

  /** The repository the record was keyed by, or {@code unknown}. */
  public String repositoryOrUnknown() {
    String repository = key == null ? "" : new String(key, StandardCharsets.UTF_8);
    return repository.isBlank() ? "unknown" : repository;
  }

  /** The record's correlation id when it had one, else its position {@code topic/partition/offset}. */
  public String correlationIdOrPosition() {
    String correlation = headers.get(CloudEventSerde.CORRELATION_ID_HEADER);
    return correlation != null ? correlation : topic + "/" + partition + "/" + offset;
  }
}
