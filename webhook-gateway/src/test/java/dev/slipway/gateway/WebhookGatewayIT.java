package dev.slipway.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.Envelope;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.WebhookReceived;
import dev.slipway.gateway.domain.DeliveryLedger;
import dev.slipway.gateway.domain.DeliveryRequest;
import dev.slipway.gateway.domain.IntakeOutcome;
import dev.slipway.gateway.domain.SignatureVerifier;
import dev.slipway.gateway.domain.WebhookIntake;
import dev.slipway.gateway.kafka.DeliveryTail;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import dev.slipway.platform.workers.Supervisor;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.KafkaBroker;
import dev.slipway.testsupport.KafkaTestResource;
import dev.slipway.testsupport.WebhookExamples;
import dev.slipway.testsupport.WebhookExamples.Example;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class WebhookGatewayIT {

  private static final String SECRET = "test-secret-current";
  private static final String NEXT_SECRET = "test-secret-next";
  private static final String JSON = "application/json";
  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final Duration EVENTS_ARRIVE = Duration.ofSeconds(60);

  /** The event types and actions Slipway acts on, as the issue lists them. */
  private static final Set<String> HANDLED =
      Set.of(
          "pull_request opened",
          "pull_request synchronize",
          "pull_request reopened",
          "pull_request closed",
          "release published",
          "push",
          "issue_comment created",
          "deployment created",
          "ping");

  private static final RestAssuredConfig RAW_CONTENT_TYPE =
      RestAssuredConfig.config()
          .encoderConfig(
              EncoderConfig.encoderConfig()
                  .appendDefaultContentCharsetToContentTypeIfUndefined(false));

  @BeforeEach
  void gatewayIsReady() {
    await("gateway ready")
        .atMost(Duration.ofSeconds(60))
        .until(() -> given().get("/q/health/ready").statusCode() == 200);
  }

  /**
   * Repository hooks send ping with the repository; organisation hooks have none to key the event
   * by.
   */
  private static boolean handled(Example example) {
    String pair = example.event() + (example.action() == null ? "" : " " + example.action());
    return HANDLED.contains(pair) && example.text("repository", "full_name") != null;
  }

  private static Response post(
      byte[] body, String event, String deliveryId, String signature, String contentType) {
    RequestSpecification request =
        given().config(RAW_CONTENT_TYPE).contentType(contentType).body(body);
    if (event != null) {
      request.header("X-GitHub-Event", event);
    }
    if (deliveryId != null) {
      request.header("X-GitHub-Delivery", deliveryId);
    }
    if (signature != null) {
      request.header("X-Hub-Signature-256", signature);
    }
    return request.post("/webhooks/github");
  }

  private static Response deliver(Example example, String deliveryId) {
    return post(
        example.body(),
        example.event(),
        deliveryId,
        SignatureVerifier.sign(SECRET, example.body()),
        JSON);
  }

  private static Map<String, List<WebhookReceived>> byDelivery(
      EventProbe<WebhookEvent> probe, Set<String> deliveryIds) {
    return probe.drain(QUIET).stream()
        .filter(envelope -> deliveryIds.contains(envelope.correlationId()))
        .collect(
            Collectors.groupingBy(
                Envelope::correlationId,
                Collectors.mapping(e -> (WebhookReceived) e.data(), Collectors.toList())));
  }

  @Test
  void everyExamplePayloadIsAnsweredAndExactlyTheHandledOnesProduceOneEventEach() {
    Map<String, Example> sent = new LinkedHashMap<>();
    Map<String, Integer> statuses = new HashMap<>();
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      for (Example example : WebhookExamples.all()) {
        String deliveryId = UUID.randomUUID().toString();
        sent.put(deliveryId, example);
        statuses.put(deliveryId, deliver(example, deliveryId).statusCode());
      }
      Set<String> expected =
          sent.entrySet().stream()
              .filter(e -> handled(e.getValue()))
              .map(Map.Entry::getKey)
              .collect(Collectors.toSet());
      probe.await(
          envelope -> expected.contains(envelope.correlationId()), expected.size(), EVENTS_ARRIVE);
      Map<String, List<WebhookReceived>> produced = byDelivery(probe, sent.keySet());

      assertThat(sent).hasSizeGreaterThan(300);
      assertThat(expected).hasSizeGreaterThan(20);
      SoftAssertions softly = new SoftAssertions();
      sent.forEach(
          (deliveryId, example) -> {
            String name = example.event() + " " + example.action() + " " + deliveryId;
            softly
                .assertThat(statuses.get(deliveryId))
                .as(name)
                .isEqualTo(handled(example) ? 202 : 200);
            if (handled(example)) {
              softly.assertThat(produced.get(deliveryId)).as(name).hasSize(1);
              produced
                  .getOrDefault(deliveryId, List.of())
                  .forEach(event -> checkFields(softly, name, example, event));
            } else {
              softly.assertThat(produced).as(name).doesNotContainKey(deliveryId);
            }
          });
      softly.assertAll();
    }
  }

  private static void checkFields(
      SoftAssertions softly, String name, Example example, WebhookReceived event) {
    softly.assertThat(event.event()).as(name).isEqualTo(example.event());
    softly.assertThat(event.action()).as(name).isEqualTo(example.action());
    softly
        .assertThat(event.repository())
        .as(name)
        .isEqualTo(example.text("repository", "full_name"));
    softly.assertThat(event.sender()).as(name).isEqualTo(example.text("sender", "login"));
    softly
        .assertThat(String.valueOf(event.installationId()))
        .as(name)
        .isEqualTo(String.valueOf(example.text("installation", "id")));
    softly
        .assertThat(event.rawPayload().getBytes(StandardCharsets.UTF_8))
        .as(name)
        .isEqualTo(example.body());
    softly.assertThat(event.details()).as(name).isEqualTo(expectedDetails(example));
  }

  /** The details the gateway must extract from {@code example}, read here from its payload. */
  private static WebhookDetails expectedDetails(Example example) {
    return switch (example.event()) {
      case "pull_request" -> {
        String headRepository = example.text("pull_request", "head", "repo", "full_name");
        yield new WebhookDetails.PullRequest(
            Integer.parseInt(example.text("pull_request", "number")),
            example.text("pull_request", "head", "sha"),
            example.text("pull_request", "head", "ref"),
            example.text("pull_request", "base", "ref"),
            headRepository,
            headRepository == null
                || !headRepository.equals(
                    example.text("pull_request", "base", "repo", "full_name")),
            example.text("before"));
      }
      case "release" -> {
        String publishedAt = example.text("release", "published_at");
        yield new WebhookDetails.Release(
            Long.parseLong(example.text("release", "id")),
            example.text("release", "tag_name"),
            example.text("release", "target_commitish"),
            publishedAt == null ? null : Instant.parse(publishedAt),
            Boolean.parseBoolean(example.text("release", "prerelease")),
            Boolean.parseBoolean(example.text("release", "draft")));
      }
      case "push" ->
          new WebhookDetails.Push(
              example.text("ref"),
              example.text("after"),
              example.text("before"),
              example.text("repository", "default_branch"));
      case "issue_comment" ->
          new WebhookDetails.Comment(
              example.payload().path("issue").has("pull_request")
                  ? Integer.valueOf(example.text("issue", "number"))
                  : null,
              example.text("comment", "body"),
              Long.parseLong(example.text("comment", "id")));
      case "deployment" ->
          new WebhookDetails.Deployment(
              Long.parseLong(example.text("deployment", "id")),
              example.text("deployment", "ref"),
              example.text("deployment", "sha"),
              example.text("deployment", "environment"),
              example.text("deployment", "creator", "login"),
              false);
      default -> new WebhookDetails.Ping();
    };
  }

  @Test
  void deliveriesWithoutAValidSignatureAreRejectedAndProduceNothing() {
    Map<String, Function<byte[], String>> signatures =
        Map.of(
            "wrong secret", body -> SignatureVerifier.sign("not-the-secret", body),
            "rotated-out secret", body -> SignatureVerifier.sign("test-secret-previous", body),
            "no signature", body -> null);
    Set<String> sent = new HashSet<>();
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      SoftAssertions softly = new SoftAssertions();
      for (Example example : WebhookExamples.all()) {
        signatures.forEach(
            (kind, sign) -> {
              String deliveryId = UUID.randomUUID().toString();
              sent.add(deliveryId);
              Response response =
                  post(
                      example.body(),
                      example.event(),
                      deliveryId,
                      sign.apply(example.body()),
                      JSON);
              softly
                  .assertThat(response.statusCode())
                  .as(kind + " " + example.event())
                  .isEqualTo(401);
              softly.assertThat(response.body().asString()).as(kind).isEmpty();
            });
      }
      softly.assertAll();
      assertThat(byDelivery(probe, sent)).isEmpty();
    }
  }

  @Test
  void aDeliverySignedWithTheSecondConfiguredSecretIsAccepted() {
    Example example = WebhookExamples.first("pull_request", "opened");
    String deliveryId = UUID.randomUUID().toString();
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      Response response =
          post(
              example.body(),
              "pull_request",
              deliveryId,
              SignatureVerifier.sign(NEXT_SECRET, example.body()),
              JSON);

      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(
              probe.await(
                  envelope -> envelope.correlationId().equals(deliveryId), 1, EVENTS_ARRIVE))
          .hasSize(1);
    }
  }

  @Test
  void aRedeliveryIsAcknowledgedAndProducesNothingNew() {
    Example example = WebhookExamples.first("release", "published");
    String deliveryId = UUID.randomUUID().toString();
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      assertThat(deliver(example, deliveryId).statusCode()).isEqualTo(202);
      Response redelivery = deliver(example, deliveryId);

      assertThat(redelivery.statusCode()).isEqualTo(200);
      assertThat(redelivery.body().asString()).isEqualTo("already received\n");
      assertThat(byDelivery(probe, Set.of(deliveryId)).get(deliveryId)).hasSize(1);
    }
  }

  @Test
  void copiesOfOneDeliveryArrivingTogetherProduceOneEvent() throws Exception {
    Example example = WebhookExamples.first("pull_request", "synchronize");
    String deliveryId = UUID.randomUUID().toString();
    ExecutorService senders = Executors.newFixedThreadPool(8);
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      List<Callable<Integer>> copies = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        copies.add(() -> deliver(example, deliveryId).statusCode());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> status : senders.invokeAll(copies)) {
        statuses.add(status.get());
      }

      assertThat(statuses).containsOnly(202, 200).filteredOn(status -> status == 202).hasSize(1);
      assertThat(byDelivery(probe, Set.of(deliveryId)).get(deliveryId)).hasSize(1);
    } finally {
      senders.shutdownNow();
    }
  }

  @Test
  void badInputGetsAClearStatusAndProducesNothing() {
    Example example = WebhookExamples.first("pull_request", "opened");
    byte[] body = example.body();
    byte[] notJson = "ref=refs/heads/main".getBytes(StandardCharsets.UTF_8);
    byte[] lacksHead =
        "{\"action\":\"opened\",\"repository\":{\"full_name\":\"a/b\"},\"pull_request\":{\"number\":1}}"
            .getBytes(StandardCharsets.UTF_8);
    record Case(
        String name,
        byte[] body,
        String event,
        boolean withDelivery,
        String contentType,
        int status,
        String reason) {}
    List<Case> cases =
        List.of(
            new Case(
                "no event header", body, null, true, JSON, 400, "missing X-GitHub-Event header"),
            new Case(
                "no delivery header",
                body,
                "pull_request",
                false,
                JSON,
                400,
                "missing X-GitHub-Delivery header"),
            new Case("body not JSON", notJson, "push", true, JSON, 400, "body is not JSON"),
            new Case(
                "field missing",
                lacksHead,
                "pull_request",
                true,
                JSON,
                400,
                "pull_request payload lacks pull_request.head.sha"),
            new Case(
                "wrong content type",
                body,
                "pull_request",
                true,
                "text/plain",
                415,
                "unsupported content type text/plain; expected application/json"));
    Set<String> sent = new HashSet<>();
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      SoftAssertions softly = new SoftAssertions();
      for (Case c : cases) {
        String deliveryId = c.withDelivery() ? UUID.randomUUID().toString() : null;
        if (deliveryId != null) {
          sent.add(deliveryId);
        }
        Response response =
            post(
                c.body(),
                c.event(),
                deliveryId,
                SignatureVerifier.sign(SECRET, c.body()),
                c.contentType());
        softly.assertThat(response.statusCode()).as(c.name()).isEqualTo(c.status());
        softly.assertThat(response.body().asString()).as(c.name()).isEqualTo(c.reason() + "\n");
      }
      softly.assertAll();
      assertThat(byDelivery(probe, sent)).isEmpty();
    }
  }

  /**
   * Announces one byte more than 25 MB and sends the first megabyte: the gateway answers as soon as
   * it reads the length, so the test reads the answer instead of pushing the rest into a closed
   * socket.
   */
  @Test
  void aBodyOver25MegabytesIsRefusedWith413() throws Exception {
    int port = RestAssured.port;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      String head =
          "POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "X-GitHub-Event: push\r\nX-GitHub-Delivery: "
              + UUID.randomUUID()
              + "\r\n"
              + "X-Hub-Signature-256: sha256="
              + "0".repeat(64)
              + "\r\n"
              + "Content-Length: "
              + (25 * 1024 * 1024 + 1)
              + "\r\n\r\n";
      // The declared length alone gets the answer, and the connection is closed after it: body
      // bytes sent meanwhile could meet a closed socket (broken pipe) before the answer is read.
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String statusLine =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();

      assertThat(statusLine).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
    }
  }

  @Test
  void aFormEncodedDeliveryIsAccepted() {
    Example example = WebhookExamples.first("pull_request", "reopened");
    String json = new String(example.body(), StandardCharsets.UTF_8);
    String form = "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
    String deliveryId = UUID.randomUUID().toString();
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      Response response =
          given()
              .config(RAW_CONTENT_TYPE)
              .contentType("application/x-www-form-urlencoded")
              .header("X-GitHub-Event", "pull_request")
              .header("X-GitHub-Delivery", deliveryId)
              .header(
                  "X-Hub-Signature-256",
                  SignatureVerifier.sign(SECRET, form.getBytes(StandardCharsets.US_ASCII)))
              .body(form)
              .post("/webhooks/github");

      assertThat(response.statusCode()).isEqualTo(202);
      Envelope<WebhookEvent> event =
          probe.await(e -> e.correlationId().equals(deliveryId), 1, EVENTS_ARRIVE).get(0);
      assertThat(((WebhookReceived) event.data()).rawPayload()).isEqualTo(json);
    }
  }

  @Test
  void aTenMegabytePushTravelsEndToEnd() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode push =
        (ObjectNode)
            WebhookExamples.all().stream()
                .filter(
                    example ->
                        example.event().equals("push")
                            && example.text("ref").startsWith("refs/heads/"))
                .findFirst()
                .orElseThrow()
                .payload()
                .deepCopy();
    ArrayNode commits = push.putArray("commits");
    String message = "x".repeat(1000);
    for (int i = 0; i < 10_000; i++) {
      commits
          .addObject()
          .put("id", String.format("%040d", i))
          .put("message", message)
          .put("distinct", true);
    }
    byte[] body = mapper.writeValueAsBytes(push);
    String deliveryId = UUID.randomUUID().toString();
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK)) {
      Response response =
          post(body, "push", deliveryId, SignatureVerifier.sign(SECRET, body), JSON);

      assertThat(body.length).isGreaterThan(10 * 1024 * 1024);
      assertThat(response.statusCode()).isEqualTo(202);
      WebhookReceived event =
          (WebhookReceived)
              probe
                  .await(e -> e.correlationId().equals(deliveryId), 1, EVENTS_ARRIVE)
                  .get(0)
                  .data();
      assertThat(event.rawPayload().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
      assertThat(event.headSha()).isEqualTo(push.path("after").asText());
    }
  }

  @Test
  void deliveriesAreCountedByEventActionAndOutcome() {
    byte[] star =
        "{\"action\":\"created\",\"repository\":{\"full_name\":\"a/b\"}}"
            .getBytes(StandardCharsets.UTF_8);
    post(star, "star", UUID.randomUUID().toString(), SignatureVerifier.sign(SECRET, star), JSON);
    post(star, "star", UUID.randomUUID().toString(), null, JSON);
    assertThat(
            deliver(WebhookExamples.first("pull_request", "opened"), UUID.randomUUID().toString())
                .statusCode())
        .isEqualTo(202);

    String metrics = given().get("/q/metrics").body().asString();

    assertThat(metrics)
        .contains(
            "slipway_webhook_deliveries_total{action=\"opened\",event=\"pull_request\",outcome=\"published\"")
        .contains(
            "slipway_webhook_deliveries_total{action=\"created\",event=\"star\",outcome=\"ignored\"")
        .contains(
            "slipway_webhook_deliveries_total{action=\"none\",event=\"unknown\",outcome=\"unverified\"")
        .contains("slipway_webhook_ack_latency_seconds_count{outcome=\"ignored\"")
        .contains("slipway_webhook_ack_latency_seconds_bucket{outcome=\"published\",le=\"+Inf\"")
        .contains(
            "slipway_events_published_total{topic=\"slipway.webhook\",type=\"WebhookReceived\"");
    for (IntakeOutcome.Status outcome : IntakeOutcome.Status.values()) {
      assertThat(metrics)
          .as("a series from the start for %s", outcome)
          .contains(
              "slipway_webhook_deliveries_total{action=\"none\",event=\"unknown\",outcome=\""
                  + outcome.name().toLowerCase(Locale.ROOT)
                  + "\"");
    }
  }

  @Test
  void theKafkaClientsMetricsAreServedWithoutAGroup() {
    String metrics = given().get("/q/metrics").body().asString();

    assertThat(metrics.lines())
        .as("the delivery tail's lag, the producer's sends, the admin client's requests")
        .anyMatch(
            line ->
                line.startsWith("kafka_consumer_fetch_manager_records_lag_max{")
                    && line.contains("group=\"none\""))
        .anyMatch(
            line ->
                line.startsWith("kafka_producer_record_send_total{")
                    && line.contains("group=\"none\""))
        .anyMatch(
            line -> line.startsWith("kafka_admin_client_") && line.contains("group=\"none\""));
  }

  @Test
  void aRestartedGatewayRecognisesDeliveriesPublishedBeforeAndSinceItsStart() throws Exception {
    Example example = WebhookExamples.first("pull_request", "closed");
    String beforeRestart = UUID.randomUUID().toString();
    String sinceRestart = UUID.randomUUID().toString();
    assertThat(deliver(example, beforeRestart).statusCode()).isEqualTo(202);

    KafkaClientFactory factory =
        new KafkaClientFactory(KafkaBroker.bootstrapServers(), "restarted-gateway");
    DeliveryLedger ledger = new DeliveryLedger(Clock.systemUTC(), Duration.ofHours(24), 10_000);
    try (EventProbe<WebhookEvent> probe = EventProbe.fromNow(Topics.WEBHOOK);
        EventPublisher publisher =
            new EventPublisher(factory.newProducer(), Duration.ofSeconds(3));
        Supervisor tail =
            new Supervisor(
                Duration.ofMillis(100), Duration.ofSeconds(1), Supervisor.Listener.NONE)) {
      tail.start(
          "restarted-gateway-tail",
          () ->
              new DeliveryTail(
                  factory.newConsumer(null),
                  ledger,
                  Clock.systemUTC(),
                  Duration.ofHours(24),
                  () -> true));
      WebhookIntake restarted =
          KafkaIntakes.publishingThrough(publisher, ledger, SECRET, Duration.ofSeconds(3));
      awaitTrue(ledger::loaded, "earlier deliveries read back");
      int known = ledger.size();
      assertThat(deliver(example, sinceRestart).statusCode()).isEqualTo(202);
      awaitTrue(() -> ledger.size() > known, "delivery published by the other instance read back");

      SoftAssertions softly = new SoftAssertions();
      for (String deliveryId : List.of(beforeRestart, sinceRestart)) {
        byte[] body = example.body();
        IntakeOutcome outcome =
            restarted
                .receive(
                    new DeliveryRequest(
                        SignatureVerifier.sign(SECRET, body),
                        "pull_request",
                        deliveryId,
                        JSON,
                        body))
                .toCompletableFuture()
                .join();
        softly
            .assertThat(outcome.status())
            .as(deliveryId)
            .isEqualTo(IntakeOutcome.Status.DUPLICATE);
      }
      softly.assertAll();
      Map<String, List<WebhookReceived>> produced =
          byDelivery(probe, Set.of(beforeRestart, sinceRestart));
      assertThat(produced.get(sinceRestart)).hasSize(1);
      assertThat(produced).doesNotContainKey(beforeRestart);
    }
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    await(what).atMost(Duration.ofSeconds(30)).until(condition::getAsBoolean);
  }
}
