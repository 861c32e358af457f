package dev.slipway.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.Envelope;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookEvent;
import dev.slipway.gateway.domain.SignatureVerifier;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.KafkaTestResource;
import dev.slipway.testsupport.WebhookExamples;
import dev.slipway.testsupport.WebhookExamples.Example;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway with an organisations file of two organisations, each with its own webhook secret:
 * the owners of the {@code @octokit/webhooks-examples} payloads, Codertocat (every repository) and
 * Octocoders (only its {@code svc-} repositories, so its example repository is not served).
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(OrganisationsGatewayIT.TwoOrganisations.class)
class OrganisationsGatewayIT {

  private static final String CODERTOCAT_SECRET = "codertocat-webhook-secret";
  private static final String OCTOCODERS_SECRET = "octocoders-webhook-secret";
  private static final String ORGANISATIONS =
      """
      organisations:
        - name: Codertocat
          webhook-secret-files: [codertocat/webhook-secret]
        - name: Octocoders
          webhook-secret-files: [octocoders/webhook-secret]
          repositories: ["svc-*"]
      """;

  private static final Duration EVENTS_ARRIVE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @ConfigProperty(name = "slipway.organisations.file")
  Path organisationsFile;

  /** Two organisations' files in a folder of their own, checked for changes every 100 ms. */
  public static final class TwoOrganisations implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(OrganisationsFolder.class));
    }
  }

  /** Writes the organisations file and its secret files into a temporary folder. */
  public static final class OrganisationsFolder implements QuarkusTestResourceLifecycleManager {
    private Path folder;

    @Override
    public Map<String, String> start() {
      try {
        folder = Files.createTempDirectory("slipway-organisations");
        write(folder.resolve("codertocat/webhook-secret"), CODERTOCAT_SECRET + "\n");
        write(folder.resolve("octocoders/webhook-secret"), OCTOCODERS_SECRET + "\n");
        Path file = folder.resolve("organisations.yaml");
        write(file, ORGANISATIONS);
        return Map.of(
            "slipway.organisations.file",
            file.toString(),
            "slipway.organisations.check-interval",
            "100ms");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void stop() {
      try (Stream<Path> paths = Files.walk(folder)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @BeforeEach
  void gatewayIsReady() {
    await("gateway ready")
        .atMost(Duration.ofSeconds(60))
        .until(() -> given().get("/q/health/ready").statusCode() == 200);
  }

  /** Replaces {@code path} at once, so the gateway never reads half of it. */
  private static void write(Path path, String content) throws IOException {
    Files.createDirectories(path.getParent());
    Path written = Files.createTempFile(path.getParent(), ".writing", "");
    Files.writeString(written, content, StandardCharsets.UTF_8);
    Files.move(written, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** A delivery as GitHub sends it: JSON, signed with {@code secret}, with a new delivery id. */
  private record Delivery(String id, String event, byte[] body) {
    static Delivery of(Example example) {
      return new Delivery(UUID.randomUUID().toString(), example.event(), example.body());
    }

    Response signedWith(String secret) {
      return given()
          .contentType("application/json")
          .header("X-GitHub-Event", event)
          .header("X-GitHub-Delivery", id)
          .header("X-Hub-Signature-256", SignatureVerifier.sign(secret, body))
          .body(body)
          .post("/webhooks/github");
    }
  }

  /** The example pull request, as if its repository belonged to {@code owner}. */
  private static Delivery pullRequestOf(String owner) throws IOException {
    ObjectNode payload = WebhookExamples.first("pull_request", "opened").payload().deepCopy();
    ObjectNode repository = (ObjectNode) payload.get("repository");
    repository.put("full_name", owner + "/Hello-World");
    ((ObjectNode) repository.get("owner")).put("login", owner);
    return new Delivery(
        UUID.randomUUID().toString(), "pull_request", JSON.writeValueAsBytes(payload));
  }

  private static Delivery codertocatsPullRequest() {
    Example example = WebhookExamples.first("pull_request", "opened");
    assertThat(example.text("repository", "owner", "login")).isEqualTo("Codertocat");
    return Delivery.of(example);
  }

  /** A repository hook's ping of Octocoders' example repository, which it does not serve. */
  private static Delivery octocodersPing() {
    return Delivery.of(
        WebhookExamples.all().stream()
            .filter(
                example ->
                    example.event().equals("ping")
                        && "Octocoders".equals(example.text("repository", "owner", "login")))
            .findFirst()
            .orElseThrow());
  }

  /**
   * The ids of the deliveries the probe saw once {@code published} arrived: sent after the others,
   * it shows they were answered without anything published by then (an answer comes after any
   * publish).
   */
  private static List<String> publishedBy(EventProbe<WebhookEvent> probe, Delivery published) {
    assertThat(published.signedWith(CODERTOCAT_SECRET).statusCode()).isEqualTo(202);
    probe.await(envelope -> envelope.correlationId().equals(published.id()), 1, EVENTS_ARRIVE);
    return probe.drainToEnd(EVENTS_ARRIVE).stream().map(Envelope::correlationId).toList();
  }

  private static double deliveries(String event, String action, String outcome) {
    String series =
        "slipway_webhook_deliveries_total{action=\""
            + action
            + "\",event=\""
            + event
            + "\",outcome=\""
            + outcome
            + "\"";
    return given()
        .get("/q/metrics")
        .body()
        .asString()
        .lines()
        .filter(line -> line.startsWith(series))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void aDeliverySignedWithItsOrganisationsSecretIsPublished() {
    Delivery delivery = codertocatsPullRequest();
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      Response response = delivery.signedWith(CODERTOCAT_SECRET);

      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(probe.await(e -> e.correlationId().equals(delivery.id()), 1, EVENTS_ARRIVE))
          .hasSize(1);
    }
  }

  @Test
  void aDeliverySignedWithAnotherOrganisationsSecretIsRefusedAndNothingIsPublished() {
    Delivery withOctocodersSecret = codertocatsPullRequest();
    Delivery withTheSettingsSecret = codertocatsPullRequest();
    Delivery pingWithCodertocatsSecret = octocodersPing();
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      assertThat(withOctocodersSecret.signedWith(OCTOCODERS_SECRET).statusCode()).isEqualTo(401);
      assertThat(withTheSettingsSecret.signedWith("test-secret-current").statusCode())
          .as("slipway.webhook.secrets serve no one once a file is configured")
          .isEqualTo(401);
      assertThat(pingWithCodertocatsSecret.signedWith(CODERTOCAT_SECRET).statusCode())
          .isEqualTo(401);

      assertThat(publishedBy(probe, codertocatsPullRequest()))
          .doesNotContain(
              withOctocodersSecret.id(),
              withTheSettingsSecret.id(),
              pingWithCodertocatsSecret.id());
    }
  }

  @Test
  void aDeliveryAboutAnOwnerNoOrganisationServesIsAcknowledgedAndNothingIsPublished()
      throws IOException {
    assertAcknowledgedAndDropped(
        pullRequestOf("initech"),
        CODERTOCAT_SECRET,
        "no organisation is configured for this owner; nothing runs",
        "unknown",
        "unknown_organisation");
  }

  @Test
  void aRepositoryOutsideItsOrganisationsListIsAcknowledgedAndNothingIsPublished() {
    assertAcknowledgedAndDropped(
        octocodersPing(),
        OCTOCODERS_SECRET,
        "repository not among its organisation's repositories; nothing runs",
        "ping",
        "repository_not_allowed");
  }

  /**
   * {@code delivery} signed with {@code secret} gets 202 with {@code reason}, nothing is published,
   * and it is counted with {@code outcome}, tagged with {@code event} and no action.
   */
  private static void assertAcknowledgedAndDropped(
      Delivery delivery, String secret, String reason, String event, String outcome) {
    double before = deliveries(event, "none", outcome);
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      Response response = delivery.signedWith(secret);

      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.body().asString()).isEqualTo(reason + "\n");
      assertThat(publishedBy(probe, codertocatsPullRequest())).doesNotContain(delivery.id());
    }
    assertThat(deliveries(event, "none", outcome)).isEqualTo(before + 1);
  }

  @Test
  void anOrganisationAddedToTheFileIsServedWithoutARestart() throws IOException {
    Delivery beforeAdded = pullRequestOf("octo-org");
    List<String> notAccepted = new ArrayList<>(List.of(beforeAdded.id()));
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      assertThat(beforeAdded.signedWith("octo-org-secret").statusCode()).isEqualTo(202);

      Path folder = organisationsFile.getParent();
      write(folder.resolve("octo-org/webhook-secret"), "octo-org-secret\n");
      write(
          organisationsFile,
          ORGANISATIONS
              + "  - name: octo-org\n"
              + "    webhook-secret-files: [octo-org/webhook-secret]\n");
      Delivery accepted =
          await("octo-org's deliveries published")
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> {
                    Delivery attempt = pullRequestOf("octo-org");
                    String answer = attempt.signedWith("octo-org-secret").body().asString();
                    if (answer.equals("accepted\n")) {
                      return attempt;
                    }
                    notAccepted.add(attempt.id());
                    return null;
                  },
                  attempt -> attempt != null);

      assertThat(probe.await(e -> e.correlationId().equals(accepted.id()), 1, EVENTS_ARRIVE))
          .hasSize(1);
      assertThat(probe.drainToEnd(EVENTS_ARRIVE).stream().map(Envelope::correlationId))
          .contains(accepted.id())
          .doesNotContainAnyElementsOf(notAccepted);
    }
  }
}
