package dev.slipway.events.kafka;

import dev.slipway.events.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Dead letters of consumed Kafka records. */
public final class DeadLetters {

  private DeadLetters() {}

  /**
   * A consumed record's headers as a dead letter keeps them: as text, in their order, a header
   * without a value kept as null.
   */
  public static Map<String, String> headersAsText(Headers headers) {
    Map<String, String> text = new LinkedHashMap<>();
    for (Header header : headers) {
      text.put(
          header.key(),
          header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
    }
    return text;
  }

  /**
   * The record's correlation id when it had one, else its position {@code topic/partition/offset}.
   */
  public static String correlationIdOrPosition(DeadLetter letter) {
    String correlation = letter.headers().get(CloudEventSerde.CORRELATION_ID_HEADER);
    return correlation != null
        ? correlation
        : letter.topic() + "/" + letter.partition() + "/" + letter.offset();
  }
}
