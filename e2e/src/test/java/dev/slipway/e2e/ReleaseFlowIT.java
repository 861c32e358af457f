package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.BuildJobEvent;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.ImagePushedEvent;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.RunState;
import dev.slipway.events.Topics;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.github.FakeGitHub;
import dev.slipway.testsupport.github.FakeGitHub.Deployment;
import dev.slipway.testsupport.github.FakeGitHub.DeploymentStatus;
import dev.slipway.testsupport.github.FakeGitHub.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The release flow across the six services, as its users see it: a published GitHub release is
 * built with buildah, pushed to the registry by digest, run as podman containers in dc1 and then
 * dc2, registered in each datacenter's etcd over TLS, served by each datacenter's haproxy, and
 * shown on GitHub as one deployment per datacenter plus the {@code slipway/release} status.
 */
class ReleaseFlowIT {

  private static final Duration RELEASE = Duration.ofSeconds(240);
  private static final Set<String> FINAL = Set.of("success", "failure", "error", "inactive");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static ReleaseFlow flow;
  private static FakeGitHub github;

  @BeforeAll
  static void startTheFlow() {
    flow = ReleaseFlow.start();
    github = flow.github();
  }

  @AfterAll
  static void stopTheFlow() {
    if (flow != null) {
      flow.close();
    }
  }

  @Test
  void aPublishedReleaseIsServedThroughEveryDatacenterAndShownOnGitHub() {
    GitRepository repository = flow.repository("acme/greeter");
    String sha = flow.publish(repository, "acme/greeter", "greeter", "v1", true);

    awaitRelease()
        .until(
            () ->
                ended("acme/greeter", "v1", "dc1", "dc2")
                    && releaseStatusEnded("acme/greeter", sha));

    for (String dc : List.of("dc1", "dc2")) {
      DeploymentStatus shown = latestStatus("acme/greeter", "v1", dc).orElseThrow();
      assertThat(shown.state()).as(dc).isEqualTo("success");
      assertThat(shown.environmentUrl()).isEqualTo(flow.datacenter(dc).url() + "/greeter/");
      assertThat(servedAt(shown.environmentUrl(), "greeter v1"))
          .as("through " + dc + "'s haproxy")
          .isTrue();
      String registration = flow.datacenter(dc).etcdValue("/slipway/services/greeter/" + dc);
      assertThat(registration).contains("\"endpoints\"").contains("v1").contains("acme/greeter");
      assertThat(registration).contains(pushedDigest("acme/greeter", "v1"));
    }
    assertThat(deployments("acme/greeter", "v1"))
        .extracting(Deployment::environment)
        .containsExactlyInAnyOrder("dc1", "dc2");
    assertThat(releaseStatus("acme/greeter", sha).state()).isEqualTo("success");
    assertThat(releaseStatus("acme/greeter", sha).description()).contains("dc1").contains("dc2");
  }

  @Test
  void aReleaseWhoseHealthCheckFailsRollsBackInTheFirstDatacenterAndNeverReachesTheSecond() {
    GitRepository repository = flow.repository("acme/pricer");
    flow.publish(repository, "acme/pricer", "pricer", "v1", true);
    awaitRelease().until(() -> ended("acme/pricer", "v1", "dc1", "dc2"));

    String broken = flow.publish(repository, "acme/pricer", "pricer", "v2", false);
    awaitRelease()
        .until(
            () -> ended("acme/pricer", "v2", "dc1") && releaseStatusEnded("acme/pricer", broken));

    DeploymentStatus dc1 = latestStatus("acme/pricer", "v2", "dc1").orElseThrow();
    assertThat(dc1.state()).isEqualTo("failure");
    assertThat(dc1.description()).contains("/healthz");
    assertThat(deployments("acme/pricer", "v2"))
        .extracting(Deployment::environment)
        .containsExactly("dc1");
    assertThat(releaseStatus("acme/pricer", broken).state()).isEqualTo("failure");
    for (String dc : List.of("dc1", "dc2")) {
      assertThat(get(flow.datacenter(dc).url() + "/pricer/"))
          .as("v1 still served in " + dc)
          .contains("pricer v1");
      assertThat(flow.datacenter(dc).etcdValue("/slipway/services/pricer/" + dc))
          .contains("v1")
          .doesNotContain("v2");
    }
  }

  @Test
  void releasesPublishedBackToBackGoOneAtATimePerDatacenterInOrder() {
    GitRepository repository = flow.repository("acme/ledger");
    List<String> tags = List.of("v1", "v2", "v3");
    for (String tag : tags) {
      flow.publish(repository, "acme/ledger", "ledger", tag, true);
    }

    awaitRelease()
        .until(() -> tags.stream().allMatch(tag -> ended("acme/ledger", tag, "dc1", "dc2")));

    for (String dc : List.of("dc1", "dc2")) {
      for (int i = 1; i < tags.size(); i++) {
        DeploymentStatus previousEnded =
            latestStatus("acme/ledger", tags.get(i - 1), dc).orElseThrow();
        DeploymentStatus admitted = firstStatus("acme/ledger", tags.get(i), dc).orElseThrow();
        assertThat(previousEnded.state()).isEqualTo("success");
        assertThat(admitted.createdAt())
            .as(
                tags.get(i)
                    + " admitted in "
                    + dc
                    + " only after "
                    + tags.get(i - 1)
                    + " ended there")
            .isAfterOrEqualTo(previousEnded.createdAt());
      }
      assertThat(servedAt(flow.datacenter(dc).url() + "/ledger/", "ledger v3"))
          .as("v3 in " + dc)
          .isTrue();
    }
  }

  @Test
  void killingTheRunnerMidBuildAndTheDeployerMidRolloutLosesNothingAndDoesNothingTwice() {
    GitRepository repository = flow.repository("acme/survivor");
    try (EventProbe<BuildJobEvent> builds = EventProbe.fromNow(Topics.BUILD_JOB);
        EventProbe<ImagePushedEvent> pushed = EventProbe.fromNow(Topics.IMAGE_PUSHED)) {
      String sha = flow.publish(repository, "acme/survivor", "survivor", "v1", true);

      builds.await(
          event ->
              event.data() instanceof ReleaseBuildStateChanged change
                  && change.repository().equals("acme/survivor")
                  && change.to() == RunState.STARTED,
          1,
          RELEASE);
      flow.service("build-runner").kill();
      flow.service("build-runner").restart();

      pushed.await(
          event ->
              event.data() instanceof ImagePushed image
                  && image.repository().equals("acme/survivor")
                  && image.datacenter().equals("dc1"),
          1,
          RELEASE);
      flow.service("deployer").kill();
      flow.service("deployer").restart();

      awaitRelease()
          .until(
              () ->
                  ended("acme/survivor", "v1", "dc1", "dc2")
                      && releaseStatusEnded("acme/survivor", sha));
    }

    for (String dc : List.of("dc1", "dc2")) {
      assertThat(latestStatus("acme/survivor", "v1", dc).orElseThrow().state())
          .as(dc)
          .isEqualTo("success");
      assertThat(servedAt(flow.datacenter(dc).url() + "/survivor/", "survivor v1"))
          .as("v1 in " + dc)
          .isTrue();
      assertThat(flow.datacenter(dc).etcdValue("/slipway/services/survivor/" + dc))
          .contains(pushedDigest("acme/survivor", "v1"));
    }
    assertThat(deployments("acme/survivor", "v1"))
        .extracting(Deployment::environment)
        .containsExactlyInAnyOrder("dc1", "dc2");
    for (Deployment deployment : deployments("acme/survivor", "v1")) {
      assertThat(
              github.deploymentStatuses(deployment.id()).stream()
                  .filter(status -> FINAL.contains(status.state())))
          .as("final statuses of " + deployment.environment())
          .hasSize(1);
    }
  }

  @Test
  void aRollbackServesTheEarlierImageEverywhereAndAPersonsGitHubDeploymentRedeploysOneDatacenter() {
    GitRepository repository = flow.repository("acme/rewind");
    flow.publish(repository, "acme/rewind", "rewind", "v1", true);
    awaitRelease().until(() -> ended("acme/rewind", "v1", "dc1", "dc2"));
    String v2Sha = flow.publish(repository, "acme/rewind", "rewind", "v2", true);
    awaitRelease().until(() -> ended("acme/rewind", "v2", "dc1", "dc2"));
    String v1Digest = pushedDigest("acme/rewind", "v1");

    ReleaseFlow.Answer rollback = flow.operate("acme/rewind", "ROLLBACK", 1, List.of());

    assertThat(rollback.status()).as(rollback.body().toString()).isEqualTo(202);
    assertThat(rollback.body().at("/release/number").asInt()).isEqualTo(3);
    assertThat(rollback.body().at("/release/origin").asText()).isEqualTo("rollback to v1 by e2e");
    assertThat(rollback.body().at("/release/image").asText()).endsWith("@" + v1Digest);
    awaitRelease().until(() -> "COMPLETED".equals(releaseState("acme/rewind", 3)));
    for (String dc : List.of("dc1", "dc2")) {
      assertThat(servedAt(flow.datacenter(dc).url() + "/rewind/", "rewind v1"))
          .as("v1's image through " + dc + "'s haproxy")
          .isTrue();
      assertThat(flow.datacenter(dc).etcdValue("/slipway/services/rewind/" + dc))
          .contains(v1Digest);
    }
    awaitRelease()
        .until(
            () ->
                releaseDeployments("acme/rewind", 3).stream()
                    .allMatch(
                        deployment -> lastState(deployment).filter("success"::equals).isPresent()));
    assertThat(releaseDeployments("acme/rewind", 3))
        .extracting(Deployment::environment)
        .containsExactlyInAnyOrder("dc1", "dc2");

    long asked = flow.deployOnGitHub("acme/rewind", "v2", v2Sha, "dc2");

    awaitRelease().until(() -> "COMPLETED".equals(releaseState("acme/rewind", 4)));
    assertThat(servedAt(flow.datacenter("dc2").url() + "/rewind/", "rewind v2"))
        .as("v2 again in dc2")
        .isTrue();
    assertThat(get(flow.datacenter("dc1").url() + "/rewind/"))
        .as("dc1 left on v1")
        .contains("rewind v1");
    awaitRelease()
        .until(
            () ->
                github.deploymentStatuses(asked).stream()
                    .anyMatch(status -> status.state().equals("success")));
    assertThat(releaseDeployments("acme/rewind", 4))
        .as("the person's deployment answered, none created for v4")
        .isEmpty();
  }

  @Test
  void aReleaseThatFailedForAPassingReasonSucceedsWhenRetriedWithTheSameImage() {
    GitRepository repository = flow.repository("acme/warmup");
    // Past the build, the image's pull and the deployer's rollout timeout (10 s here), with room to
    // spare on a busy machine: the first rollout fails.
    Instant readyAfter = Instant.now().plusSeconds(32);
    flow.publishWarmingUp(repository, "acme/warmup", "warmup", "v1", readyAfter);

    awaitRelease().until(() -> ended("acme/warmup", "v1", "dc1"));
    assertThat(releaseState("acme/warmup", 1))
        .as("the first rollout, before the service warmed up")
        .isEqualTo("FAILED");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Instant.now().isAfter(readyAfter));

    ReleaseFlow.Answer retry = flow.operate("acme/warmup", "RETRY", 1, List.of());

    assertThat(retry.status()).as(retry.body().toString()).isEqualTo(202);
    assertThat(retry.body().at("/release/origin").asText()).isEqualTo("retry of v1 by e2e");
    assertThat(retry.body().at("/release/image").asText())
        .endsWith("@" + pushedDigest("acme/warmup", "v1"));
    awaitRelease().until(() -> "COMPLETED".equals(releaseState("acme/warmup", 2)));
    for (String dc : List.of("dc1", "dc2")) {
      assertThat(servedAt(flow.datacenter(dc).url() + "/warmup/", "warmup v1"))
          .as("the retried v1 through " + dc + "'s haproxy")
          .isTrue();
    }
  }

  @Test
  void aRefusedOperationSaysWhyAndChangesNothing() {
    GitRepository repository = flow.repository("acme/steady");
    flow.publish(repository, "acme/steady", "steady", "v1", true);
    awaitRelease().until(() -> ended("acme/steady", "v1", "dc1", "dc2"));

    ReleaseFlow.Answer retry = flow.operate("acme/steady", "RETRY", 1, List.of());
    ReleaseFlow.Answer unknown = flow.operate("acme/steady", "ROLLBACK", 7, List.of());
    ReleaseFlow.Answer elsewhere = flow.operate("acme/steady", "REDEPLOY", 1, List.of("dc9"));

    assertThat(retry.status()).isEqualTo(409);
    assertThat(retry.body().get("error").asText())
        .isEqualTo("v1 succeeded: there is nothing to retry (redeploy it instead)");
    assertThat(unknown.status()).isEqualTo(409);
    assertThat(unknown.body().get("error").asText())
        .isEqualTo("v7 does not exist: acme/steady's releases go from v1 to v1");
    assertThat(elsewhere.status()).isEqualTo(409);
    assertThat(elsewhere.body().get("error").asText())
        .isEqualTo("dc9 is not one of acme/steady's datacenters (dc1, dc2)");
    assertThat(flow.releases("acme/steady").body().get("lastReleaseNumber").asInt()).isEqualTo(1);
  }

  /** The state the coordinator shows for release {@code number}, or null when it shows none. */
  private static String releaseState(String repository, int number) {
    ReleaseFlow.Answer view = flow.releases(repository);
    if (view.status() != 200) {
      return null;
    }
    for (JsonNode release : view.body().get("releases")) {
      if (release.get("number").asInt() == number) {
        return release.get("state").asText();
      }
    }
    return null;
  }

  /** The GitHub deployments Slipway created for release {@code number}. */
  private static List<Deployment> releaseDeployments(String repository, int number) {
    return github.deployments(repository).stream()
        .filter(deployment -> deployment.payloadObject().path("release_number").asInt() == number)
        .toList();
  }

  private static Optional<String> lastState(Deployment deployment) {
    List<DeploymentStatus> statuses = github.deploymentStatuses(deployment.id());
    return statuses.isEmpty()
        ? Optional.empty()
        : Optional.of(statuses.get(statuses.size() - 1).state());
  }

  private static ConditionFactory awaitRelease() {
    return await().atMost(RELEASE).pollInterval(Duration.ofMillis(500));
  }

  private static List<Deployment> deployments(String repository, String tag) {
    return github.deployments(repository).stream()
        .filter(deployment -> deployment.ref().equals(tag))
        .toList();
  }

  private static List<DeploymentStatus> statuses(String repository, String tag, String dc) {
    return deployments(repository, tag).stream()
        .filter(deployment -> deployment.environment().equals(dc))
        .flatMap(deployment -> github.deploymentStatuses(deployment.id()).stream())
        .sorted(
            Comparator.comparing(DeploymentStatus::createdAt).thenComparing(DeploymentStatus::id))
        .toList();
  }

  private static Optional<DeploymentStatus> latestStatus(String repository, String tag, String dc) {
    List<DeploymentStatus> statuses = statuses(repository, tag, dc);
    return statuses.isEmpty() ? Optional.empty() : Optional.of(statuses.get(statuses.size() - 1));
  }

  private static Optional<DeploymentStatus> firstStatus(String repository, String tag, String dc) {
    return statuses(repository, tag, dc).stream().findFirst();
  }

  private static boolean ended(String repository, String tag, String... datacenters) {
    for (String dc : datacenters) {
      if (latestStatus(repository, tag, dc)
          .map(status -> !FINAL.contains(status.state()))
          .orElse(true)) {
        return false;
      }
    }
    return true;
  }

  private static Status releaseStatus(String repository, String sha) {
    return github.latest(repository, sha).get("slipway/release");
  }

  private static boolean releaseStatusEnded(String repository, String sha) {
    Status status = releaseStatus(repository, sha);
    return status != null && !status.state().equals("pending");
  }

  /** The digest the registry holds for the tag: the one every datacenter must run. */
  private static String pushedDigest(String repository, String tag) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://" + flow.registry() + "/v2/" + repository + "/manifests/" + tag))
            .header(
                "Accept",
                "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json")
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode())
          .as(repository + ":" + tag + " in the registry")
          .isEqualTo(200);
      return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether {@code url} serves {@code body} within a few seconds: the datacenter's haproxy picks up
   * a registration through its sync, a moment after etcd has it.
   */
  private static boolean servedAt(String url, String body) {
    try {
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> get(url).contains(body));
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  private static String get(String url) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + response.body();
    } catch (IOException e) {
      return "no answer: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
