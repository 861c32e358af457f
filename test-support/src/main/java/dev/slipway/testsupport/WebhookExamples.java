package dev.slipway.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every example payload of the npm package {@code @octokit/webhooks-examples}. Its {@code
 * api.github.com/index.json} is named by the system property or environment variable {@code
 * SLIPWAY_WEBHOOK_EXAMPLES}.
 */
public final class WebhookExamples {

  public static final String LOCATION = "SLIPWAY_WEBHOOK_EXAMPLES";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param event the event type, as GitHub sends it in {@code X-GitHub-Event}
   * @param action the payload's action, null when it has none
   * @param body the payload as sent
   * @param payload the payload as a tree, for checking what was extracted from it
   */
  public record Example(String event, String action, byte[] body, JsonNode payload) {

    public String text(String... path) {
      JsonNode node = payload;
      for (String name : path) {
        node = node.path(name);
      }
      return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
  }

  private WebhookExamples() {}

  public static List<Example> all() {
    Path index = location();
    try {
      List<Example> examples = new ArrayList<>();
      for (JsonNode event : JSON.readTree(index.toFile())) {
        for (JsonNode payload : event.path("examples")) {
          String action =
              payload.path("action").isTextual() ? payload.path("action").asText() : null;
          examples.add(
              new Example(
                  event.path("name").asText(), action, JSON.writeValueAsBytes(payload), payload));
        }
      }
      return examples;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the webhook examples at " + index, e);
    }
  }

  public static Example first(String event, String action) {
    return all().stream()
        .filter(example -> example.event().equals(event) && action.equals(example.action()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + event + " " + action + " example"));
  }

  private static Path location() {
    String configured = System.getProperty(LOCATION, System.getenv(LOCATION));
    if (configured == null || configured.isBlank() || configured.startsWith("${")) {
      throw new AssertionError(
          LOCATION
              + " is not set: install the npm package @octokit/webhooks-examples and set "
              + LOCATION
              + " to its api.github.com/index.json");
    }
    Path index = Path.of(configured);
    if (!Files.isRegularFile(index)) {
      throw new AssertionError(LOCATION + " names " + index + ", which is not a file");
    }
    return index;
  }
}
