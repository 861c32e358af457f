package dev.slipway.events;

import java.nio.charset.StandardCharsets;
import java.util.Map;

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

  /** The repository the record was keyed by, or {@code unknown}. */
  public String repositoryOrUnknown() {
    String repository = key == null ? "" : new String(key, StandardCharsets.UTF_8);
    return repository.isBlank() ? "unknown" : repository;
  }
}
