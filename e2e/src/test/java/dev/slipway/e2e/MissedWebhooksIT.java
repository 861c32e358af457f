package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.Envelope;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookEvent;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.KafkaBroker;
import dev.slipway.testsupport.KafkaProcess;
import dev.slipway.testsupport.ServiceProcess;
import dev.slipway.testsupport.github.FakeGitHub;
import dev.slipway.testsupport.github.FakeGitHub.HookDelivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * No webhook is lost while Slipway is down: GitHub (the fake) sends three pull requests and a
 * release through a repository hook while the gateway is stopped, or while Kafka is and the gateway
 * answers 503, and records them as failed deliveries; once the part is back, the reporter's
 * recovery, with a plain token, has them redelivered within two recovery periods, each reaches
 * Kafka exactly once and the pull requests get their statuses.
 */
class MissedWebhooksIT {

  private static final String REPOSITORY = "acme/outage";
  private static final long HOOK = 1;
  private static final Duration FLOW = Duration.ofSeconds(180);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void webhooksThatFailedWhileTheGatewayWasDownAreRedeliveredAndProcessedOnce() throws Exception {
    Duration period = Duration.ofSeconds(4);
    try (PullRequestFlow flow =
        PullRequestFlow.start(
            KafkaBroker.bootstrapServers(), recoveryEvery(period), MissedWebhooksIT::watchedHook)) {
      Outage outage = Outage.prepare(flow);
      ServiceProcess gateway = flow.service("webhook-gateway");
      try (EventProbe<WebhookEvent> received = EventProbe.fromNow(Topics.WEBHOOK)) {
        gateway.kill();
        List<HookDelivery> failed = outage.sendFourEvents();
        assertThat(failed)
            .extracting(HookDelivery::statusCode)
            .as("failed to connect")
            .containsOnly(0);

        gateway.restart();
        outage.assertRecoveredOnce(failed, Instant.now(), period, received);
      }
    }
  }

  /**
   * The broker is a process of its own, the only one these services use, so the test can kill it
   * and start it again on the same address with its data. Recovery asks for an event at most three
   * times when its redeliveries keep failing, once a pass: the period is long enough that Kafka is
   * back before the third pass of the outage (the 503s take up to 6 s, the broker's restart 5 to 17
   * s on a busy 2-core machine).
   */
  @Test
  void webhooksAnsweredWith503WhileKafkaWasDownAreRedeliveredAndProcessedOnce() throws Exception {
    Duration period = Duration.ofSeconds(20);
    Path logs = ServiceProcesses.logs();
    try (KafkaProcess kafka =
            KafkaProcess.start(
                Files.createTempDirectory(Path.of("target"), "kafka-process-"), logs);
        PullRequestFlow flow =
            PullRequestFlow.start(
                kafka.bootstrapServers(), recoveryEvery(period), MissedWebhooksIT::watchedHook)) {
      Outage outage = Outage.prepare(flow);
      ServiceProcess gateway = flow.service("webhook-gateway");
      try (EventProbe<WebhookEvent> received =
          EventProbe.fromNow(Topics.WEBHOOK, kafka.bootstrapServers())) {
        kafka.kill();
        Instant kafkaDown = Instant.now();
        List<HookDelivery> failed = outage.sendFourEvents();
        assertThat(failed)
            .as("what GitHub's delivery log shows")
            .allSatisfy(
                delivery -> {
                  assertThat(delivery.statusCode()).isEqualTo(503);
                  assertThat(delivery.status()).isEqualTo("Invalid HTTP Response: 503");
                });
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(readiness(gateway))
                        .as("the gateway's readiness while Kafka is down")
                        .satisfies(
                            ready -> {
                              assertThat(ready.statusCode()).isEqualTo(503);
                              assertThat(JSON.readTree(ready.body()).path("checks"))
                                  .anySatisfy(
                                      check -> {
                                        assertThat(check.path("name").asText()).isEqualTo("kafka");
                                        assertThat(check.path("status").asText()).isEqualTo("DOWN");
                                      });
                            }));

        kafka.restart();
        Instant kafkaUp = Instant.now();
        assertThat(Duration.between(kafkaDown, kafkaUp))
            .as(
                "Kafka down for fewer than two periods, so for at most "
                    + "two failed redeliveries of each event")
            .isLessThan(period.multipliedBy(2));
        outage.assertRecoveredOnce(failed, kafkaUp, period, received);
        assertThat(readiness(gateway).statusCode())
            .as("the gateway's readiness with Kafka back")
            .isEqualTo(200);
      }
    }
  }

  /**
   * Makes the repository hook the reporter watches, before the reporter starts (a hook missing at
   * its start is not watched); it points at the gateway once the gateway has its port.
   */
  private static void watchedHook(FakeGitHub github) {
    assertThat(
            github.repositoryHook(REPOSITORY, "http://127.0.0.1:9/unset", PullRequestFlow.SECRET))
        .isEqualTo(HOOK);
  }

  private static Map<String, String> recoveryEvery(Duration period) {
    return Map.of(
        "SLIPWAY_REPORTER_DELIVERY_RECOVERY_REPOSITORY_HOOKS", REPOSITORY + ":" + HOOK,
        "SLIPWAY_REPORTER_DELIVERY_RECOVERY_INTERVAL", period.toSeconds() + "s");
  }

  /** Three pull requests' commits to send events for through the hook the reporter watches. */
  private record Outage(PullRequestFlow flow, List<String> shas) {

    static Outage prepare(PullRequestFlow flow) {
      flow.github().retarget(HOOK, flow.service("webhook-gateway").baseUrl() + "/webhooks/github");
      GitRepository repository = flow.repository(REPOSITORY);
      List<String> shas = new ArrayList<>();
      for (int number = 1; number <= 3; number++) {
        shas.add(
            repository.commit(
                "feature/outage-" + number,
                Map.of(
                    ".slipway.yml",
                    "image: "
                        + flow.baseImage()
                        + "\ntasks:\n  pass:\n    cmds:\n      - echo change "
                        + number
                        + "\n"),
                "change " + number));
      }
      return new Outage(flow, shas);
    }

    /** Three pull requests opened and a release published, sent at once as GitHub sends them. */
    List<HookDelivery> sendFourEvents() throws Exception {
      SignedWebhooks webhooks = flow.webhooks();
      FakeGitHub github = flow.github();
      List<Callable<HookDelivery>> sends = new ArrayList<>();
      for (int number = 1; number <= 3; number++) {
        byte[] opened = webhooks.payload("opened", REPOSITORY, number, shas.get(number - 1), null);
        sends.add(
            () -> github.deliverTo(HOOK, "pull_request", "opened", repositoryId(opened), opened));
      }
      byte[] published = webhooks.releasePayload(REPOSITORY, "v1", 4242, Instant.now());
      sends.add(
          () -> github.deliverTo(HOOK, "release", "published", repositoryId(published), published));
      ExecutorService senders = Executors.newFixedThreadPool(sends.size());
      try {
        List<HookDelivery> sent = new ArrayList<>();
        for (Future<HookDelivery> delivery : senders.invokeAll(sends)) {
          sent.add(delivery.get());
        }
        return sent;
      } finally {
        senders.shutdown();
      }
    }

    void assertRecoveredOnce(
        List<HookDelivery> failed, Instant back, Duration period, EventProbe<WebhookEvent> received)
        throws Exception {
      FakeGitHub github = flow.github();
      Set<String> guids = failed.stream().map(HookDelivery::guid).collect(Collectors.toSet());
      await("every failed delivery redelivered with a 2xx")
          .atMost(period.multipliedBy(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> redeliveredWith2xx(github, HOOK).containsAll(guids));
      Duration took = Duration.between(back, Instant.now());

      for (String sha : shas) {
        await().atMost(FLOW).until(() -> github.finished(REPOSITORY, sha, "slipway/pass"));
        assertThat(github.latest(REPOSITORY, sha).get("slipway/pass").state())
            .as(sha)
            .isEqualTo("success");
      }
      // A pass after the redeliveries confirms them; no redelivery is asked for after that.
      await("the recovered events counted")
          .atMost(period.multipliedBy(2))
          .until(() -> recovery().path("recovered").asInt() >= guids.size());
      List<String> onKafka =
          received.drain(Duration.ofSeconds(2)).stream()
              .map(Envelope::correlationId)
              .filter(guids::contains)
              .toList();
      assertThat(onKafka)
          .as("each missed delivery on slipway.webhook exactly once, redelivered within " + took)
          .containsExactlyInAnyOrderElementsOf(guids);
      JsonNode recovery = recovery();
      assertThat(recovery.path("recovered").asInt())
          .as(recovery.toString())
          .isEqualTo(guids.size());
      assertThat(recovery.path("hooks").path("repository " + REPOSITORY + " hook " + HOOK).asText())
          .isEqualTo("ok");
    }

    private JsonNode recovery() throws IOException, InterruptedException {
      return JSON.readTree(get(flow.service("status-reporter").baseUrl() + "/recovery").body());
    }
  }

  private static HttpResponse<String> readiness(ServiceProcess service)
      throws IOException, InterruptedException {
    return get(service.baseUrl() + "/q/health/ready");
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Set<String> redeliveredWith2xx(FakeGitHub github, long hook) {
    return github.hookDeliveries(hook).stream()
        .filter(delivery -> delivery.redelivery() && delivery.statusCode() / 100 == 2)
        .map(HookDelivery::guid)
        .collect(Collectors.toSet());
  }

  private static long repositoryId(byte[] payload) throws IOException {
    return JSON.readTree(payload).path("repository").path("id").asLong();
  }
}
