package dev.slipway.compiler.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.slipway.compiler.domain.PublishedRelease;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads what the webhook event does not carry from a release delivery's raw payload. */
final class ReleasePayload {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReleasePayload() {}

  /**
   * {@code release.published_at}, {@code release.prerelease} and {@code release.draft}. A missing or
   * unreadable time is {@code fallbackTime}; a missing flag is false, since GitHub always sends both.
   */
  static PublishedRelease read(String rawPayload, Instant fallbackTime) {
    JsonNode release = release(rawPayload);
    return new PublishedRelease(
        publishedAt(release).orElse(fallbackTime),
        release.path("prerelease").asBoolean(false),
        release.path("draft").asBoolean(false));
  }

  private static JsonNode release(String rawPayload) {
    if (rawPayload == null) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(rawPayload).path("release");
    } catch (JsonProcessingException e) {
      return MissingNode.getInstance();
    }
  }

  private static Optional<Instant> publishedAt(JsonNode release) {
    JsonNode publishedAt = release.path("published_at");
    try {
      return publishedAt.isTextual() ? Optional.of(Instant.parse(publishedAt.asText())) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
