package dev.slipway.coordinator.rest;

import static dev.slipway.coordinator.domain.ReleaseFixtures.release;
import static dev.slipway.coordinator.domain.ReleaseFixtures.releaseId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.Envelope;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.testsupport.KafkaTestResource;
import dev.slipway.testsupport.browser.HeadlessChromium;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /releases/{owner}/{repo}} on the real service: JSON for programs (curl, the CLI), the
 * history page for a browser, chosen by {@code Accept}; and the page as a person sees it in
 * headless Chromium.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ReleaseHistoryPageIT {

  /** What Chromium and Firefox send when a person opens a link. */
  private static final String BROWSER_ACCEPT =
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

  private static final String HOSTILE_TAG = "<img src=x onerror=alert(1)>1.2.0";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Inject EventPublisher publisher;

  private String owner;
  private String name;

  @BeforeEach
  void twoReleasesInOneLane() {
    owner = "acme";
    name = "history-" + UUID.randomUUID();
    String repository = owner + "/" + name;
    publisher.publish(Topics.TASK_SPEC, request(repository, 1, "1.1.0"));
    publisher.publish(Topics.TASK_SPEC, request(repository, 2, HOSTILE_TAG));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> get(path(), "application/json").body().contains("\"lastReleaseNumber\":2"));
  }

  @Test
  void programsGetJsonWhenTheyAskForItAcceptAnythingOrSayNothing() throws Exception {
    for (String accept : new String[] {"application/json", "*/*", null}) {
      HttpResponse<String> response = get(path(), accept);

      assertThat(response.statusCode()).as("Accept: %s", accept).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .as("Accept: %s", accept)
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      assertThat(response.body()).startsWith("{\"repository\":\"" + owner + "/" + name + "\"");
    }
  }

  @Test
  void aBrowserGetsThePage() throws Exception {
    HttpResponse<String> response = get(path(), BROWSER_ACCEPT);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html").doesNotContain("qs"));
    assertThat(response.body())
        .startsWith("<!DOCTYPE html>")
        .contains("<h1>Releases of " + owner + "/" + name + "</h1>")
        .contains("&lt;img src=x onerror=alert(1)&gt;1.2.0")
        .doesNotContain("<img");
  }

  @Test
  void aBrowserAskingForAnUnknownRepositoryGetsANotFoundPage() throws Exception {
    HttpResponse<String> page = get("/releases/acme/never-released", BROWSER_ACCEPT);
    HttpResponse<String> json = get("/releases/acme/never-released", null);

    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).contains("no release of acme/never-released is known</p>");
    assertThat(json.statusCode()).isEqualTo(404);
    assertThat(json.body()).isEqualTo("{\"error\":\"no release of acme/never-released is known\"}");
  }

  @Test
  void aPersonSeesTheLanesAndTheHistoryInChromium() throws Exception {
    try (HeadlessChromium browser = new HeadlessChromium(url(path()))) {
      String text = browser.awaitText("Refused operations", Duration.ofSeconds(60));

      assertThat(text)
          .contains("Releases of " + owner + "/" + name)
          .contains("Last release number: v2.")
          .contains("IN_FLIGHT in dc1", "WAITING for dc1")
          .contains(HOSTILE_TAG)
          .contains("published", "build log", "GitHub: dc1 dc2");
      assertThat(browser.evaluate("document.querySelectorAll('img').length")).isEqualTo("0");
      assertThat(browser.evaluate("document.querySelector('#v1 a.build-log').href"))
          .isEqualTo(
              "http://localhost:8082/builds/"
                  + releaseId(owner + "/" + name, 1).replace("/", "%2F"));
      assertThat(browser.evaluate("document.querySelector('#v2 a.deployments').href"))
          .isEqualTo("https://github.com/" + owner + "/" + name + "/deployments/dc1");
    }
  }

  private String path() {
    return "/releases/" + owner + "/" + name;
  }

  private static String url(String path) {
    return "http://localhost:" + RestAssured.port + path;
  }

  private static HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Envelope<TaskSpecEvent> request(String repository, int n, String tag) {
    ReleaseRequested fixture = release(repository, n, QueueMode.QUEUE, "dc1", "dc2");
    return Envelope.first(
        "/slipway/task-compiler",
        repository,
        "delivery-" + n,
        Instant.now(),
        new ReleaseRequested(
            fixture.releaseId(),
            fixture.repository(),
            tag,
            fixture.sha(),
            fixture.cloneUrl(),
            fixture.publishedAt(),
            fixture.build(),
            fixture.deploy(),
            fixture.datacenters(),
            fixture.mode()));
  }
}
