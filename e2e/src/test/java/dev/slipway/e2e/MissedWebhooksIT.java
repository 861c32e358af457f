package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.Envelope;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookEvent;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.ServiceProcess;
import dev.slipway.testsupport.github.FakeGitHub;
import dev.slipway.testsupport.github.FakeGitHub.HookDelivery;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * No webhook is lost while the gateway is down: GitHub (the fake) sends three pull requests and a
 * release through a repository hook while the gateway is stopped, and records them as failed
 * deliveries; once the gateway is back, the reporter's recovery, with a plain token, has them
 * redelivered within two recovery periods, each reaches Kafka exactly once and the pull requests
 * get their statuses.
 */
class MissedWebhooksIT {

  private static final String REPOSITORY = "acme/outage";
  private static final Duration PERIOD = Duration.ofSeconds(4);
  private static final Duration FLOW = Duration.ofSeconds(180);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void webhooksThatFailedWhileTheGatewayWasDownAreRedeliveredAndProcessedOnce() throws Exception {
    try (PullRequestFlow flow = PullRequestFlow.start(Map.of(
        "SLIPWAY_REPORTER_DELIVERY_RECOVERY_REPOSITORY_HOOKS", REPOSITORY + ":1",
        "SLIPWAY_REPORTER_DELIVERY_RECOVERY_INTERVAL", PERIOD.toSeconds() + "s"))) {
      FakeGitHub github = flow.github();
      ServiceProcess gateway = flow.service("webhook-gateway");
      long hook = github.repositoryHook(REPOSITORY, gateway.baseUrl() + "/webhooks/github", PullRequestFlow.SECRET);
      assertThat(hook).isEqualTo(1);
      // The flow starts the reporter before a test can make the hook, and a hook missing at start is
      // not watched (logged once): the reporter starts again now that it exists.
      flow.service("status-reporter").restart();
      GitRepository repository = flow.repository(REPOSITORY);
      SignedWebhooks webhooks = flow.webhooks();
      List<String> shas = new ArrayList<>();
      for (int number = 1; number <= 3; number++) {
        shas.add(repository.commit("feature/outage-" + number,
            Map.of(".slipway.yml", "image: " + flow.baseImage() + "\ntasks:\n  pass:\n    cmds:\n      - echo change " + number + "\n"),
            "change " + number));
      }

      gateway.kill();
      List<HookDelivery> failed = new ArrayList<>();
      for (int number = 1; number <= 3; number++) {
        byte[] opened = webhooks.payload("opened", REPOSITORY, number, shas.get(number - 1), null);
        failed.add(github.deliverTo(hook, "pull_request", "opened", repositoryId(opened), opened));
      }
      byte[] published = webhooks.releasePayload(REPOSITORY, "v1", 4242, Instant.now());
      failed.add(github.deliverTo(hook, "release", "published", repositoryId(published), published));
      assertThat(failed).extracting(HookDelivery::statusCode).as("failed to connect").containsOnly(0);
      Set<String> guids = failed.stream().map(HookDelivery::guid).collect(Collectors.toSet());

      try (EventProbe<WebhookEvent> received = EventProbe.fromNow(Topics.WEBHOOK)) {
        gateway.restart();
        Instant gatewayUp = Instant.now();

        await().atMost(PERIOD.multipliedBy(2)).pollInterval(Duration.ofMillis(200))
            .until(() -> redeliveredWith2xx(github, hook).containsAll(guids));
        Duration took = Duration.between(gatewayUp, Instant.now());

        for (String sha : shas) {
          await().atMost(FLOW).until(() -> finished(github, sha));
          assertThat(github.latest(REPOSITORY, sha).get("slipway/pass").state()).as(sha).isEqualTo("success");
        }
        List<String> onKafka = received.drain(PERIOD.multipliedBy(2)).stream().map(Envelope::correlationId)
            .filter(guids::contains).toList();
        assertThat(onKafka).as("each missed delivery on slipway.webhook exactly once, redelivered within " + took)
            .containsExactlyInAnyOrderElementsOf(guids);
      }
      var recovery = JSON.readTree(java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(flow.service("status-reporter").baseUrl() + "/recovery")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body());
      assertThat(recovery.path("recovered").asInt()).as(recovery.toString()).isEqualTo(4);
      assertThat(recovery.path("hooks").path("repository " + REPOSITORY + " hook 1").asText()).isEqualTo("ok");
    }
  }

  private static Set<String> redeliveredWith2xx(FakeGitHub github, long hook) {
    return github.hookDeliveries(hook).stream()
        .filter(delivery -> delivery.redelivery() && delivery.statusCode() / 100 == 2)
        .map(HookDelivery::guid)
        .collect(Collectors.toSet());
  }

  private static boolean finished(FakeGitHub github, String sha) {
    FakeGitHub.Status pass = github.latest(REPOSITORY, sha).get("slipway/pass");
    return pass != null && !pass.state().equals("pending");
  }

  private static long repositoryId(byte[] payload) throws IOException {
    return JSON.readTree(payload).path("repository").path("id").asLong();
  }
}
