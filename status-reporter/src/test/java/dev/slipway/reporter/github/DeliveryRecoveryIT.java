package dev.slipway.reporter.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.reporter.domain.DeliveryRecoverer;
import dev.slipway.reporter.domain.DeliveryRecovery;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.reporter.domain.RequestBudget;
import dev.slipway.reporter.domain.WatchedHook;
import dev.slipway.reporter.state.JsonRecoveryStateStore;
import dev.slipway.testsupport.FreePorts;
import dev.slipway.testsupport.github.FakeGitHub;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntUnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * Recovery with its real parts: the HTTP adapter against the fake GitHub, which sends webhooks to a
 * real endpoint and redelivers them as GitHub does, and the state file in a directory that outlives
 * the recoverer.
 */
class DeliveryRecoveryIT {

  private static final String SECRET = "webhook-secret";

  /** What the webhook endpoint received, with whether the signature was right. */
  record Received(String guid, String event, boolean signed) {}

  /**
   * An endpoint that answers and refuses every delivery, as a gateway refuses one it cannot take.
   */
  private static final String REFUSING = "/refusing";

  private final FakeGitHub fake = FakeGitHub.start();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final HttpServer endpoint = endpoint();
  @TempDir Path stateDir;

  @AfterEach
  void stop() {
    endpoint.stop(0);
    fake.close();
  }

  @Test
  void onePassRedeliversExactlyTheFailedDeliveriesAndARestartAsksForNoneAgain() throws Exception {
    fake.webhookTarget(unreachableUrl(), SECRET);
    FakeGitHub.HookDelivery pullRequest = fake.deliver("pull_request", "opened", 7L, payload("pr"));
    FakeGitHub.HookDelivery release = fake.deliver("release", "published", 8L, payload("release"));
    fake.webhookTarget(endpointUrl(), SECRET);
    fake.deliver("push", null, 7L, payload("push"));
    assertThat(List.of(pullRequest.statusCode(), release.statusCode())).containsOnly(0);
    assertThat(received).extracting(Received::event).containsExactly("push");

    DeliveryRecoverer.Outcome first = recoverer().pass();

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
    awaitRedeliveries(2);
    assertThat(first).isEqualTo(new DeliveryRecoverer.Outcome(2, 0, 0, 0));
    assertThat(received.subList(1, 3))
        .containsExactly(
            new Received(pullRequest.guid(), "pull_request", true),
            new Received(release.guid(), "release", true));
    assertThat(fake.redeliveryRequests())
        .extracting(FakeGitHub.Request::path)
        .containsExactly(
            "/app/hook/deliveries/" + pullRequest.id() + "/attempts",
            "/app/hook/deliveries/" + release.id() + "/attempts");
    assertThat(fake.hookDeliveries())
        .filteredOn(FakeGitHub.HookDelivery::redelivery)
        .extracting(FakeGitHub.HookDelivery::statusCode)
        .containsExactly(202, 202);

    DeliveryRecoverer.Outcome afterRestart = recoverer().pass();

    assertThat(afterRestart)
        .as("GitHub's two redeliveries got a 2xx: recovered, not asked for again")
        .isEqualTo(new DeliveryRecoverer.Outcome(0, 2, 0, 0));
    assertThat(recoverer().pass()).isEqualTo(new DeliveryRecoverer.Outcome(0, 0, 0, 0));
    assertThat(fake.redeliveryRequests()).hasSize(2);
    assertThat(received).hasSize(3);
  }

  @Test
  void aFailedDeliveryBeyondTheFirstPageIsFound() throws Exception {
    fake.webhookTarget(unreachableUrl(), SECRET);
    FakeGitHub.HookDelivery failed = fake.deliver("pull_request", "synchronize", 7L, payload("pr"));
    fake.webhookTarget(endpointUrl(), SECRET);
    for (int i = 0; i < 120; i++) {
      fake.deliver("push", null, 7L, payload("push " + i));
    }

    assertThat(recoverer().pass().redelivered()).isEqualTo(1);

    assertThat(fake.requests()).filteredOn(r -> r.path().equals("/app/hook/deliveries")).hasSize(2);
    assertThat(fake.redeliveryRequests())
        .extracting(FakeGitHub.Request::path)
        .containsExactly("/app/hook/deliveries/" + failed.id() + "/attempts");
  }

  @Test
  void aRedeliveryTheEndpointRefusesIsAskedForAgainAcrossRestartsAndGivenUpAfterThreeRequests()
      throws Exception {
    fake.webhookTarget(endpointUrl(REFUSING), SECRET);
    fake.deliver("pull_request", "opened", 7L, payload("pr"));

    List<DeliveryRecoverer.Outcome> passes =
        passes(5, pass -> 1 + Math.min(pass, DeliveryRecovery.MAX_ASKS));

    assertThat(passes)
        .extracting(DeliveryRecoverer.Outcome::redelivered)
        .containsExactly(1, 1, 1, 0, 0);
    assertThat(passes).extracting(DeliveryRecoverer.Outcome::failed).containsExactly(0, 0, 0, 1, 0);
    assertThat(fake.redeliveryRequests()).hasSize(3);
  }

  @Test
  void aRedeliveryToAnEndpointThatIsStillDownIsAskedForOnEveryPass() throws Exception {
    fake.webhookTarget(unreachableUrl(), SECRET);
    fake.deliver("pull_request", "opened", 7L, payload("pr"));

    List<DeliveryRecoverer.Outcome> passes = passes(5, pass -> 1 + pass);

    assertThat(passes)
        .extracting(DeliveryRecoverer.Outcome::redelivered)
        .containsExactly(1, 1, 1, 1, 1);
    assertThat(passes).extracting(DeliveryRecoverer.Outcome::failed).containsOnly(0);
    assertThat(fake.redeliveryRequests()).hasSize(5);
  }

  /**
   * Recovery passes, each by a new recoverer over the same state, each waiting for the attempts
   * GitHub made by then.
   */
  private List<DeliveryRecoverer.Outcome> passes(int count, IntUnaryOperator attemptsAfter)
      throws Exception {
    List<DeliveryRecoverer.Outcome> passes = new ArrayList<>();
    for (int pass = 1; pass <= count; pass++) {
      passes.add(recoverer().pass());
      int attempts = attemptsAfter.applyAsInt(pass);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> fake.hookDeliveries().size() == attempts);
    }
    return passes;
  }

  @Test
  void aGitHubThatFailsKeepsTheDeliveryForTheNextPassAndOneThatRefusesItIsNotAskedAgain()
      throws Exception {
    fake.webhookTarget(unreachableUrl(), SECRET);
    FakeGitHub.HookDelivery refused =
        fake.deliver("pull_request", "opened", 7L, payload("refused"));
    FakeGitHub.HookDelivery retried =
        fake.deliver("pull_request", "opened", 8L, payload("retried"));
    fake.webhookTarget(endpointUrl(), SECRET);

    fake.failWrites(502, 1);
    assertThatThrownBy(() -> recoverer().pass())
        .isInstanceOf(GitHubWriteException.class)
        .extracting(e -> ((GitHubWriteException) e).kind())
        .isEqualTo(GitHubWriteException.Kind.UNAVAILABLE);
    fake.failWrites(422, 1);
    DeliveryRecoverer.Outcome next = recoverer().pass();

    assertThat(next).isEqualTo(new DeliveryRecoverer.Outcome(1, 0, 1, 0));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    assertThat(received).extracting(Received::guid).containsExactly(retried.guid());
    awaitRedeliveries(1);
    assertThat(recoverer().pass()).isEqualTo(new DeliveryRecoverer.Outcome(0, 1, 0, 0));
    assertThat(fake.redeliveryRequests())
        .extracting(FakeGitHub.Request::path)
        .containsExactly(
            "/app/hook/deliveries/" + refused.id() + "/attempts",
            "/app/hook/deliveries/" + refused.id() + "/attempts",
            "/app/hook/deliveries/" + retried.id() + "/attempts");
  }

  @Test
  void repositoryAndOrganisationHooksAreRecoveredWithATokenEachWithItsOwnCheckPoint()
      throws Exception {
    long repositoryHook = fake.repositoryHook("acme/shop", unreachableUrl(), SECRET);
    long organizationHook = fake.organizationHook("acme", unreachableUrl(), SECRET);
    FakeGitHub.HookDelivery opened =
        fake.deliverTo(repositoryHook, "pull_request", "opened", 7L, payload("pr"));
    FakeGitHub.HookDelivery published =
        fake.deliverTo(organizationHook, "release", "published", 8L, payload("rel"));
    fake.retarget(repositoryHook, endpointUrl());
    fake.retarget(organizationHook, endpointUrl());
    WatchedHook repository =
        new WatchedHook(WatchedHook.Kind.REPOSITORY, "acme/shop", repositoryHook);
    WatchedHook organization =
        new WatchedHook(WatchedHook.Kind.ORGANIZATION, "acme", organizationHook);

    assertThat(recoverer(repository).pass()).isEqualTo(new DeliveryRecoverer.Outcome(1, 0, 0, 0));
    assertThat(recoverer(organization).pass()).isEqualTo(new DeliveryRecoverer.Outcome(1, 0, 0, 0));

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
    assertThat(received)
        .containsExactlyInAnyOrder(
            new Received(opened.guid(), "pull_request", true),
            new Received(published.guid(), "release", true));
    assertThat(fake.redeliveryRequests())
        .extracting(FakeGitHub.Request::path, FakeGitHub.Request::authorization)
        .containsExactly(
            tuple(
                "/repos/acme/shop/hooks/"
                    + repositoryHook
                    + "/deliveries/"
                    + opened.id()
                    + "/attempts",
                "token t"),
            tuple(
                "/orgs/acme/hooks/"
                    + organizationHook
                    + "/deliveries/"
                    + published.id()
                    + "/attempts",
                "token t"));
    awaitRedeliveries(2);
    assertThat(recoverer(repository).pass()).isEqualTo(new DeliveryRecoverer.Outcome(0, 1, 0, 0));
    assertThat(recoverer(organization).pass()).isEqualTo(new DeliveryRecoverer.Outcome(0, 1, 0, 0));
  }

  @Test
  void aHookThatDoesNotExistIsRefusedForGood() {
    WatchedHook missing = new WatchedHook(WatchedHook.Kind.REPOSITORY, "acme/shop", 404);

    assertThatThrownBy(() -> recoverer(missing).pass())
        .isInstanceOf(GitHubWriteException.class)
        .extracting(e -> ((GitHubWriteException) e).kind())
        .isEqualTo(GitHubWriteException.Kind.REJECTED);
  }

  /**
   * The fake records a redelivery once the endpoint answered, a moment after the endpoint saw it.
   */
  private void awaitRedeliveries(int count) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                fake.hookDeliveries().stream().filter(FakeGitHub.HookDelivery::redelivery).count()
                    == count);
  }

  private DeliveryRecoverer recoverer() throws IOException {
    return recoverer(WatchedHook.APP);
  }

  private DeliveryRecoverer recoverer(WatchedHook hook) throws IOException {
    AuthorizationProvider credential = GitHubAuthorization.token("t");
    GitHubRepositories repositories =
        new GitHubRepositories(GitHubClients.build(fake.url(), credential), Clock.systemUTC());
    return new DeliveryRecoverer(
        hook,
        new GitHubHookDeliveries(repositories, credential, hook),
        new JsonRecoveryStateStore(stateDir, hook),
        new DeliveryRecovery(20),
        RequestBudget.UNLIMITED,
        Clock.systemUTC(),
        DeliveryRecoverer.Listener.NONE);
  }

  private HttpServer endpoint() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/webhooks/github",
          exchange -> {
            try (exchange) {
              byte[] body = exchange.getRequestBody().readAllBytes();
              received.add(
                  new Received(
                      exchange.getRequestHeaders().getFirst("X-GitHub-Delivery"),
                      exchange.getRequestHeaders().getFirst("X-GitHub-Event"),
                      FakeGitHub.signature(SECRET, body)
                          .equals(exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"))));
              exchange.sendResponseHeaders(202, -1);
            }
          });
      server.createContext(
          REFUSING,
          exchange -> {
            try (exchange) {
              exchange.getRequestBody().readAllBytes();
              exchange.sendResponseHeaders(400, -1);
            }
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String endpointUrl() {
    return endpointUrl("/webhooks/github");
  }

  private String endpointUrl(String path) {
    return "http://127.0.0.1:" + endpoint.getAddress().getPort() + path;
  }

  /** A port nothing listens on any more: the connection is refused, like a gateway that is down. */
  private static String unreachableUrl() {
    return "http://127.0.0.1:" + FreePorts.take() + "/webhooks/github";
  }

  private static byte[] payload(String what) {
    return ("{\"what\":\"" + what + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
