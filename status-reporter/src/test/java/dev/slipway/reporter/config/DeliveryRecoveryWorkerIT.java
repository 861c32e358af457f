package dev.slipway.reporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.reporter.kafka.FakeGitHubTestResource;
import dev.slipway.reporter.kafka.FakeGitHubTestResource.InjectFakeGitHub;
import dev.slipway.testsupport.FreePorts;
import dev.slipway.testsupport.KafkaTestResource;
import dev.slipway.testsupport.github.FakeGitHub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The reporter as it runs: its supervised recovery worker, every 300 ms here, finds the deliveries
 * that failed while the webhook endpoint was down and has the fake GitHub deliver them again; a
 * repository hook the fake does not have is refused at start without stopping the App's; {@code GET
 * /recovery} tells what was done.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(FakeGitHubTestResource.class)
class DeliveryRecoveryWorkerIT {

  @InjectFakeGitHub FakeGitHub fake;

  @Test
  void deliveriesThatFailedAreRedeliveredOnceAndCounted() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer endpoint =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext(
        "/",
        exchange -> {
          try (exchange) {
            received.add(exchange.getRequestHeaders().getFirst("X-GitHub-Delivery"));
            exchange.sendResponseHeaders(202, -1);
          }
        });
    endpoint.start();
    try {
      fake.webhookTarget(unreachableUrl(), "secret");
      String opened = fake.deliver("pull_request", "opened", 7L, json("opened")).guid();
      String published = fake.deliver("release", "published", 8L, json("published")).guid();
      fake.webhookTarget("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/", "secret");
      String pushed = fake.deliver("push", null, 7L, json("push")).guid();

      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> received.size() >= 3);
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> RestAssured.get("/recovery").jsonPath().getInt("recovered") == 2);
      awaitPassesAfterEveryRedelivery(3);

      // A pass between the two failed deliveries and the endpoint's start asks once more; each
      // still arrives once.
      assertThat(received).containsExactlyInAnyOrder(pushed, opened, published);
      int requested = fake.redeliveryRequests().size();
      assertThat(requested).isBetween(2, 4);
      String metrics = RestAssured.get("/q/metrics").body().asString();
      assertThat(metrics)
          .contains("slipway_github_redeliveries_total{outcome=\"requested\"} " + requested + ".0");
      assertThat(metrics).contains("slipway_github_redeliveries_total{outcome=\"recovered\"} 2.0");
      io.restassured.path.json.JsonPath recovery =
          RestAssured.get("/recovery").then().statusCode(200).extract().jsonPath();
      assertThat(recovery.getInt("requested")).isEqualTo(requested);
      assertThat(recovery.getInt("recovered")).isEqualTo(2);
      assertThat(recovery.getInt("failed")).isZero();
      assertThat(recovery.getString("lastCheckAt")).isNotNull();
      assertThat(recovery.getMap("hooks", String.class, String.class))
          .containsEntry("the App's hook", "ok")
          .hasEntrySatisfying(
              "repository acme/no-such-repo hook 99",
              problem -> assertThat(problem).startsWith("not watched: 404"));
    } finally {
      endpoint.stop(0);
    }
  }

  /**
   * Until two recovery passes ended, each with every redelivery asked for so far sent: what a pass
   * would ask again, it has asked, and its redelivery has arrived.
   */
  private void awaitPassesAfterEveryRedelivery(int originals) {
    for (int pass = 0; pass < 2; pass++) {
      Instant previous = lastCheckAt();
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  lastCheckAt().isAfter(previous)
                      && fake.hookDeliveries().size()
                          == originals + fake.redeliveryRequests().size());
    }
  }

  private static Instant lastCheckAt() {
    return Instant.parse(RestAssured.get("/recovery").jsonPath().getString("lastCheckAt"));
  }

  private static String unreachableUrl() {
    return "http://127.0.0.1:" + FreePorts.take() + "/";
  }

  private static byte[] json(String what) {
    return ("{\"what\":\"" + what + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
