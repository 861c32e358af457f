package dev.slipway.ops.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A record as read from a topic, bytes untouched.
 *
 * @param timestamp the record's Kafka timestamp
 * @param headers in their order on the record
 */
public record RecordCopy(
    String topic,
    int partition,
    long offset,
    Instant timestamp,
    byte[] key,
    byte[] value,
    List<Header> headers) {

  public RecordCopy {
    headers = List.copyOf(headers);
  }

  /** One Kafka header. */
  public record Header(String key, byte[] value) {

    public static Header text(String key, String value) {
      return new Header(key, value.getBytes(StandardCharsets.UTF_8));
    }

    public String text() {
      return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
  }

  /** The last header named {@code key} as text, or null. */
  public String header(String key) {
    String found = null;
    for (Header header : headers) {
      if (header.key().equals(key)) {
        found = header.text();
      }
    }
    return found;
  }

  /** The record key as text (the repository), or null. */
  public String keyText() {
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }

  public String position() {
    return topic + "/" + partition + "@" + offset;
  }
}
