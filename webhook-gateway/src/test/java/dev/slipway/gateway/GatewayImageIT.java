package dev.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.Topics;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.WebhookReceived;
import dev.slipway.gateway.domain.SignatureVerifier;
import dev.slipway.platform.containers.Podman;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.FreePorts;
import dev.slipway.testsupport.KafkaBroker;
import dev.slipway.testsupport.WebhookExamples;
import dev.slipway.testsupport.WebhookExamples.Example;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The gateway's container image, as {@code ./slipway images} builds it, started with podman against
 * the test broker: its own health check turns healthy, a signed webhook is acknowledged and lands
 * on {@code slipway.webhook}, an unsigned one is refused. {@code ./slipway test} builds the image
 * and names it in {@value #IMAGE}, with the podman storage that holds it in {@value #CONTAINERS}.
 */
class GatewayImageIT {

  static final String IMAGE = "SLIPWAY_GATEWAY_IMAGE";
  static final String CONTAINERS = "SLIPWAY_IMAGE_CONTAINERS";

  private static final String SECRET = "image-test-secret";
  private static final Duration START = Duration.ofSeconds(120);

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theImageStartsHealthyAndAcceptsOnlySignedWebhooks() throws Exception {
    Podman podman = new Podman(Path.of(required(CONTAINERS)));
    String image = required(IMAGE);
    int port = FreePorts.take();
    String name = "slipway-gateway-image-it-" + UUID.randomUUID();
    podman
        .call(
            "run",
            "--detach",
            "--network=host",
            "--name",
            name,
            "--env",
            "KAFKA_BOOTSTRAP_SERVERS=" + KafkaBroker.bootstrapServers(),
            "--env",
            "SLIPWAY_WEBHOOK_SECRETS=" + SECRET,
            "--env",
            "QUARKUS_HTTP_HOST=127.0.0.1",
            "--env",
            "QUARKUS_HTTP_PORT=" + port,
            "--env",
            "JAVA_TOOL_OPTIONS=-Xmx128m -XX:+UseSerialGC",
            image)
        .orThrow("podman run " + image);
    try {
      await("the image's HEALTHCHECK (GET /q/health/ready)")
          .atMost(START)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> podman.call("healthcheck", "run", name).ok());

      Example example = WebhookExamples.first("pull_request", "opened");
      String delivery = UUID.randomUUID().toString();
      try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
        assertThat(
                post(port, example, delivery, SignatureVerifier.sign(SECRET, example.body()))
                    .statusCode())
            .isEqualTo(202);
        assertThat(
                probe.await(
                    envelope -> envelope.correlationId().equals(delivery),
                    1,
                    Duration.ofSeconds(30)))
            .singleElement()
            .satisfies(
                envelope ->
                    assertThat(((WebhookReceived) envelope.data()).headSha())
                        .isEqualTo(example.text("pull_request", "head", "sha")));
      }
      assertThat(post(port, example, UUID.randomUUID().toString(), null).statusCode())
          .isEqualTo(401);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage() + "\ncontainer log:\n" + podman.call("logs", name).stdout(), e);
    } finally {
      podman.call("rm", "--force", name);
    }
  }

  private HttpResponse<String> post(int port, Example example, String delivery, String signature)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/github"))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", example.event())
            .header("X-GitHub-Delivery", delivery)
            .POST(HttpRequest.BodyPublishers.ofByteArray(example.body()));
    if (signature != null) {
      request.header("X-Hub-Signature-256", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String required(String variable) {
    String value = System.getenv(variable);
    assertThat(value)
        .as(
            "%s is not set: run ./slipway test, or ./slipway images webhook-gateway and set %s",
            variable, String.join(" and ", List.of(IMAGE, CONTAINERS)))
        .isNotBlank();
    return value;
  }
}
