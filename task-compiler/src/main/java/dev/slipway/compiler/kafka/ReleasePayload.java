package dev.slipway.compiler.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads what the webhook event does not carry from a release delivery's raw payload. */
final class ReleasePayload {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReleasePayload() {}

  /** {@code release.published_at}; empty when the payload has none or it is unreadable. */
  static Optional<Instant> publishedAt(String rawPayload) {
    if (rawPayload == null) {
      return Optional.empty();
    }
    try {
      JsonNode publishedAt = JSON.readTree(rawPayload).path("release").path("published_at");
      return publishedAt.isTextual() ? Optional.of(Instant.parse(publishedAt.asText())) : Optional.empty();
    } catch (JsonProcessingException | DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
