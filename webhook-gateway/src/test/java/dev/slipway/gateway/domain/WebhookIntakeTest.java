package dev.slipway.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.WebhookReceived;
import dev.slipway.gateway.domain.IntakeOutcome.Status;
import dev.slipway.platform.organisations.Organisations;
import dev.slipway.testsupport.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookIntakeTest {

  private static final String SECRET = "s3cret";
  private static final String JSON = "application/json";
  private static final String PING = "{\"zen\":\"z\",\"repository\":{\"full_name\":\"acme/app\"}}";

  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
  private final DeliveryLedger ledger = new DeliveryLedger(clock, Duration.ofHours(24), 1000);
  private final RecordingSink sink = new RecordingSink();
  private final AtomicReference<Organisations> organisations =
      new AtomicReference<>(TestOrganisations.anyOwner(SECRET));
  private final WebhookIntake intake =
      new WebhookIntake(
          new OrganisationVerifiers(organisations::get),
          new PayloadExtractor(),
          ledger,
          sink,
          clock,
          Duration.ofSeconds(5));
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final ExecutorService senders = Executors.newFixedThreadPool(8);

  @AfterEach
  void stopThreads() {
    executor.shutdownNow();
    senders.shutdownNow();
  }

  /** The outcome of one delivery, once decided. */
  private IntakeOutcome receive(DeliveryRequest request) {
    return intake.receive(request).toCompletableFuture().join();
  }

  private static DeliveryRequest signed(
      String event, String deliveryId, String contentType, String body) {
    return signedWith(SECRET, event, deliveryId, contentType, body);
  }

  private static DeliveryRequest signedWith(
      String secret, String event, String deliveryId, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new DeliveryRequest(
        SignatureVerifier.sign(secret, bytes), event, deliveryId, contentType, bytes);
  }

  /**
   * The outcome of a repository hook's ping about {@code repository}, signed with {@code secret}.
   */
  private IntakeOutcome ping(String secret, String deliveryId, String repository) {
    return receive(signedWith(secret, "ping", deliveryId, JSON, pingOf(repository)));
  }

  /** A repository hook's ping about {@code repository}, as JSON. */
  private static String pingOf(String repository) {
    return "{\"zen\":\"z\",\"repository\":{\"full_name\":\"" + repository + "\"}}";
  }

  /** Two organisations with their own secrets; globex serves only its {@code svc-} repositories. */
  private void twoOrganisations() {
    organisations.set(
        new Organisations(
            List.of(
                TestOrganisations.organisation("acme", List.of("acme-secret"), "*"),
                TestOrganisations.organisation("globex", List.of("globex-secret"), "svc-*"))));
    ledger.markLoaded();
  }

  static Stream<Arguments> rejected() {
    byte[] ping = PING.getBytes(StandardCharsets.UTF_8);
    return Stream.of(
        Arguments.of(new DeliveryRequest(null, "ping", "d", JSON, ping), Status.UNVERIFIED, ""),
        Arguments.of(
            new DeliveryRequest(SignatureVerifier.sign("old", ping), "ping", "d", JSON, ping),
            Status.UNVERIFIED,
            ""),
        Arguments.of(
            signed(null, "d", JSON, PING), Status.INVALID, "missing X-GitHub-Event header"),
        Arguments.of(
            signed("ping", " ", JSON, PING), Status.INVALID, "missing X-GitHub-Delivery header"),
        Arguments.of(
            signed("ping", "d".repeat(65), JSON, PING),
            Status.INVALID,
            "X-GitHub-Delivery longer than 64 characters"),
        Arguments.of(
            signed("ping", "d", "text/plain", PING),
            Status.UNSUPPORTED_MEDIA_TYPE,
            "unsupported content type text/plain; expected application/json"),
        Arguments.of(
            signed("ping", "d", null, PING),
            Status.UNSUPPORTED_MEDIA_TYPE,
            "unsupported content type (none); expected application/json"),
        Arguments.of(signed("ping", "d", JSON, "zen"), Status.INVALID, "body is not JSON"),
        Arguments.of(
            signed("ping", "d", "application/x-www-form-urlencoded", "zen=1"),
            Status.INVALID,
            "form body has no payload field"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("rejected")
  void rejectedDeliveriesPublishNothing(DeliveryRequest request, Status status, String reason) {
    ledger.markLoaded();

    IntakeOutcome outcome = receive(request);

    assertThat(outcome.status()).isEqualTo(status);
    assertThat(outcome.reason()).isEqualTo(reason);
    assertThat(sink.published).isEmpty();
  }

  @Test
  void aHandledDeliveryIsPublishedOnceAndItsRedeliveryIsADuplicate() {
    ledger.markLoaded();

    IntakeOutcome first = receive(signed("ping", "d1", "application/json; charset=utf-8", PING));
    IntakeOutcome again = receive(signed("ping", "d1", JSON, PING));

    assertThat(first.status()).isEqualTo(Status.PUBLISHED);
    assertThat(again.status()).isEqualTo(Status.DUPLICATE);
    assertThat(sink.published).extracting(WebhookReceived::deliveryId).containsExactly("d1");
  }

  @Test
  void aFormEncodedDeliveryPublishesItsPayloadField() {
    ledger.markLoaded();
    String form = "payload=" + URLEncoder.encode(PING, StandardCharsets.UTF_8);

    IntakeOutcome outcome =
        receive(signed("ping", "d1", "application/x-www-form-urlencoded", form));

    assertThat(outcome.status()).isEqualTo(Status.PUBLISHED);
    assertThat(sink.published.get(0).rawPayload()).isEqualTo(PING);
  }

  @Test
  void anIgnoredEventIsAcknowledgedWithoutPublishing() {
    ledger.markLoaded();

    IntakeOutcome outcome =
        receive(
            signed(
                "star",
                "d1",
                JSON,
                "{\"action\":\"created\",\"repository\":{\"full_name\":\"a/b\"}}"));

    assertThat(outcome)
        .isEqualTo(
            new IntakeOutcome(
                Status.IGNORED, "star", "created", "event star action created is not handled"));
    assertThat(sink.published).isEmpty();
  }

  @Test
  void anOrganisationsDeliveryIsVerifiedWithItsOwnSecretsOnly() {
    twoOrganisations();

    assertThat(ping("acme-secret", "d1", "acme/app").status()).isEqualTo(Status.PUBLISHED);
    assertThat(ping("globex-secret", "d2", "acme/app"))
        .as("signed with another organisation's secret")
        .isEqualTo(new IntakeOutcome(Status.UNVERIFIED, null, null, ""));
    assertThat(ping(SECRET, "d3", "acme/app").status())
        .as("signed with the secret of a setup without organisations")
        .isEqualTo(Status.UNVERIFIED);
    assertThat(sink.published).extracting(WebhookReceived::deliveryId).containsExactly("d1");
  }

  @Test
  void anOwnerNoOrganisationServesIsAcknowledgedAndNothingIsPublished() {
    twoOrganisations();

    IntakeOutcome outcome = ping("acme-secret", "d1", "initech/app");

    assertThat(outcome)
        .isEqualTo(
            new IntakeOutcome(
                Status.UNKNOWN_ORGANISATION,
                null,
                null,
                "no organisation is configured for this owner; nothing runs"));
    assertThat(sink.published).isEmpty();
  }

  @Test
  void aRepositoryOutsideItsOrganisationsListIsAcknowledgedAndNothingIsPublished() {
    twoOrganisations();

    IntakeOutcome outside = ping("globex-secret", "d1", "globex/www");
    IntakeOutcome outsideBadlySigned = ping("acme-secret", "d2", "globex/www");
    IntakeOutcome inside = ping("globex-secret", "d3", "globex/svc-billing");

    assertThat(outside)
        .isEqualTo(
            new IntakeOutcome(
                Status.REPOSITORY_NOT_ALLOWED,
                "ping",
                null,
                "repository not among its organisation's repositories; nothing runs"));
    assertThat(outsideBadlySigned.status()).isEqualTo(Status.UNVERIFIED);
    assertThat(inside.status()).isEqualTo(Status.PUBLISHED);
    assertThat(sink.published).extracting(WebhookReceived::deliveryId).containsExactly("d3");
  }

  static Stream<Arguments> aboutNoRepository() {
    String orgPing = "{\"zen\":\"z\",\"organization\":{\"login\":\"globex\"}}";
    String appPing = "{\"zen\":\"z\",\"hook\":{\"type\":\"App\"}}";
    return Stream.of(
        Arguments.of("organisation's ping, its secret", orgPing, "globex-secret", Status.IGNORED),
        Arguments.of("organisation's ping, another's", orgPing, "acme-secret", Status.UNVERIFIED),
        Arguments.of("no owner, one organisation's secret", appPing, "acme-secret", Status.IGNORED),
        Arguments.of("no owner, another's", appPing, "globex-secret", Status.IGNORED),
        Arguments.of("no owner, no one's", appPing, "initech-secret", Status.UNVERIFIED),
        Arguments.of("not JSON, an organisation's secret", "zen", "acme-secret", Status.INVALID),
        Arguments.of("not JSON, no one's", "zen", "initech-secret", Status.UNVERIFIED));
  }

  /**
   * An organisation's own events are verified with its secrets; a delivery naming no owner (a
   * GitHub App's ping) with any organisation's, since it names no repository to publish it for.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("aboutNoRepository")
  void aDeliveryAboutNoRepositoryIsVerifiedAndNeverPublished(
      String name, String body, String secret, Status status) {
    twoOrganisations();

    IntakeOutcome outcome = receive(signedWith(secret, "ping", "d1", JSON, body));

    assertThat(outcome.status()).isEqualTo(status);
    assertThat(sink.published).isEmpty();
  }

  @Test
  void changedOrganisationsTakeEffectAtTheNextDelivery() {
    twoOrganisations();
    organisations.set(
        new Organisations(
            List.of(
                TestOrganisations.organisation("acme", List.of("acme-rotated"), "*"),
                TestOrganisations.organisation("initech", List.of("initech-secret"), "*"))));

    IntakeOutcome oldSecret = ping("acme-secret", "d1", "acme/app");
    IntakeOutcome rotated = ping("acme-rotated", "d2", "acme/app");
    IntakeOutcome added = ping("initech-secret", "d3", "initech/app");
    IntakeOutcome removed = ping("globex-secret", "d4", "globex/svc-billing");

    assertThat(oldSecret.status()).isEqualTo(Status.UNVERIFIED);
    assertThat(rotated.status()).isEqualTo(Status.PUBLISHED);
    assertThat(added.status()).isEqualTo(Status.PUBLISHED);
    assertThat(removed.status()).isEqualTo(Status.UNKNOWN_ORGANISATION);
    assertThat(sink.published).extracting(WebhookReceived::deliveryId).containsExactly("d2", "d3");
  }

  @Test
  void nothingIsAcceptedBeforeEarlierDeliveriesAreReadBack() {
    assertThat(receive(signed("ping", "d1", JSON, PING)).status()).isEqualTo(Status.UNAVAILABLE);
    assertThat(sink.published).isEmpty();
  }

  @Test
  void aDeliveryTheSinkCouldNotStoreIsUnavailableAndMayBeRedelivered() {
    ledger.markLoaded();
    sink.failing = true;
    assertThat(receive(signed("ping", "d1", JSON, PING)).status()).isEqualTo(Status.UNAVAILABLE);

    sink.failing = false;
    assertThat(receive(signed("ping", "d1", JSON, PING)).status()).isEqualTo(Status.PUBLISHED);
    assertThat(sink.published).hasSize(1);
  }

  @Test
  void concurrentCopiesOfOneDeliveryPublishOnce() throws Exception {
    ledger.markLoaded();
    sink.gate = new CountDownLatch(1);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<IntakeOutcome>> copies = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 8; i++) {
      copies.add(
          senders.submit(
              () -> {
                start.await();
                return receive(signed("ping", "d1", JSON, PING));
              }));
    }
    start.countDown();
    await("the first copy's publish is held")
        .atMost(Duration.ofSeconds(5))
        .until(() -> sink.publishes.get() > 0);
    sink.gate.countDown();

    List<Status> statuses = copies.stream().map(WebhookIntakeTest::status).toList();
    assertThat(statuses).containsOnly(Status.PUBLISHED, Status.DUPLICATE);
    assertThat(statuses).filteredOn(Status.PUBLISHED::equals).hasSize(1);
    assertThat(sink.published).hasSize(1);
  }

  private static Status status(Future<IntakeOutcome> outcome) {
    try {
      return outcome.get().status();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A sink that records what it was given, can be told to fail, and can hold publishes until
   * released.
   */
  private final class RecordingSink implements WebhookSink {
    final List<WebhookReceived> published = new CopyOnWriteArrayList<>();
    volatile boolean failing;
    volatile CountDownLatch gate = new CountDownLatch(0);
    final AtomicInteger publishes = new AtomicInteger();

    @Override
    public CompletionStage<Void> publish(WebhookReceived event) {
      publishes.incrementAndGet();
      CountDownLatch held = gate;
      return CompletableFuture.runAsync(
          () -> {
            try {
              held.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            if (failing) {
              throw new CompletionException(new EventNotDurableException("broker down", null));
            }
            published.add(event);
          },
          executor);
    }
  }
}
