package dev.slipway.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.gateway.domain.SignatureVerifier;
import dev.slipway.testsupport.KafkaTestResource;
import dev.slipway.testsupport.WebhookExamples;
import dev.slipway.testsupport.WebhookExamples.Example;
import dev.slipway.testsupport.ZeroBody;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the gateway's heap as an outsider would make them: large bodies without a signature,
 * with malformed headers, or more large bodies at once than the budget of bytes in flight allows.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class WebhookBoundsIT {

  private static final int TWENTY_MEGABYTES = 20 * 1024 * 1024;
  private static final int ONE_MEGABYTE = 1024 * 1024;
  private static final String WELL_FORMED_WRONG_SIGNATURE = "sha256=" + "0".repeat(64);

  @BeforeEach
  void gatewayIsReady() {
    awaitStatus(() -> given().get("/q/health/ready").statusCode(), 200, Duration.ofSeconds(60));
  }

  @Test
  void eightConcurrentUnsigned20MegabytePostsGet401AndTheGatewayStaysReady() {
    List<CompletableFuture<Integer>> answers =
        ZeroBody.unsignedPosts(
            "http://127.0.0.1:" + RestAssured.port + "/webhooks/github", 8, TWENTY_MEGABYTES);

    assertThat(answers).allSatisfy(answer -> assertThat(answer.join()).isEqualTo(401));
    assertThat(given().get("/q/health/ready").statusCode()).isEqualTo(200);
  }

  /**
   * Each request announces 20 MB and sends one: an answer that comes before the rest is sent shows
   * the gateway did not read the body (it would wait for the other 19 MB otherwise).
   */
  @Test
  void requestsWithUnusableHeadersAreAnsweredBeforeTheirBodyIsRead() throws Exception {
    record Case(
        String name,
        String signature,
        String event,
        String deliveryId,
        String status,
        String reason) {}
    List<Case> cases =
        List.of(
            new Case(
                "no signature", null, "push", UUID.randomUUID().toString(), "401 Unauthorized", ""),
            new Case(
                "sha1 signature",
                "sha1=" + "0".repeat(40),
                "push",
                UUID.randomUUID().toString(),
                "401 Unauthorized",
                ""),
            new Case(
                "short digest",
                "sha256=" + "0".repeat(63),
                "push",
                UUID.randomUUID().toString(),
                "401 Unauthorized",
                ""),
            new Case(
                "digest not hex",
                "sha256=" + "z".repeat(64),
                "push",
                UUID.randomUUID().toString(),
                "401 Unauthorized",
                ""),
            new Case(
                "no event",
                WELL_FORMED_WRONG_SIGNATURE,
                null,
                UUID.randomUUID().toString(),
                "400 Bad Request",
                "missing X-GitHub-Event header"),
            new Case(
                "no delivery id",
                WELL_FORMED_WRONG_SIGNATURE,
                "push",
                null,
                "400 Bad Request",
                "missing X-GitHub-Delivery header"),
            new Case(
                "delivery id of 65 characters",
                WELL_FORMED_WRONG_SIGNATURE,
                "push",
                "d".repeat(65),
                "400 Bad Request",
                "X-GitHub-Delivery longer than 64 characters"));
    SoftAssertions softly = new SoftAssertions();
    for (Case c : cases) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("X-Hub-Signature-256", c.signature());
      headers.put("X-GitHub-Event", c.event());
      headers.put("X-GitHub-Delivery", c.deliveryId());
      try (RawPost post = RawPost.open(headers, TWENTY_MEGABYTES)) {
        post.send(ONE_MEGABYTE);
        softly.assertThat(post.statusLine()).as(c.name()).isEqualTo("HTTP/1.1 " + c.status());
        softly
            .assertThat(post.body())
            .as(c.name())
            .isEqualTo(c.reason().isEmpty() ? "" : c.reason() + "\n");
      }
    }
    softly.assertAll();
  }

  @Test
  void bodiesBeyondTheBytesInFlightGet503UntilEarlierOnesEndEvenByAbort() throws Exception {
    Example opened = WebhookExamples.first("pull_request", "opened");
    try (RawPost first = RawPost.open(signedLooking(), TWENTY_MEGABYTES)) {
      first.send(ONE_MEGABYTE);
      awaitBytesInFlight(TWENTY_MEGABYTES);

      try (RawPost second = RawPost.open(signedLooking(), TWENTY_MEGABYTES)) {
        assertThat(second.statusLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
        assertThat(second.headers()).contains("retry-after: 5");
      }
      int small =
          given()
              .contentType("application/json")
              .header("X-GitHub-Event", "pull_request")
              .header("X-GitHub-Delivery", UUID.randomUUID().toString())
              .header(
                  "X-Hub-Signature-256",
                  SignatureVerifier.sign("test-secret-current", opened.body()))
              .body(opened.body())
              .post("/webhooks/github")
              .statusCode();
      assertThat(small).as("a small delivery still fits beside the first").isEqualTo(202);
    }

    awaitStatus(
        () -> {
          try (RawPost third = RawPost.open(signedLooking(), TWENTY_MEGABYTES)) {
            third.send(TWENTY_MEGABYTES);
            return Integer.parseInt(third.statusLine().split(" ")[1]);
          }
        },
        401,
        Duration.ofSeconds(10));
    await("every body's bytes released once its request ended")
        .atMost(Duration.ofSeconds(10))
        .until(WebhookBoundsIT::bytesInFlight, bytes -> bytes == 0);
  }

  @Test
  void eventNamesGithubDoesNotSendAreCountedUnderOneTag() {
    byte[] body =
        "{\"action\":\"made-up\",\"repository\":{\"full_name\":\"a/b\"}}"
            .getBytes(StandardCharsets.UTF_8);
    String event = "made-up-" + UUID.randomUUID();
    given()
        .contentType("application/json")
        .header("X-GitHub-Event", event)
        .header("X-GitHub-Delivery", UUID.randomUUID().toString())
        .header("X-Hub-Signature-256", SignatureVerifier.sign("test-secret-current", body))
        .body(body)
        .post("/webhooks/github")
        .then()
        .statusCode(200);

    String metrics = given().get("/q/metrics").body().asString();

    assertThat(metrics)
        .contains(
            "slipway_webhook_deliveries_total{action=\"other\",event=\"other\",outcome=\"ignored\"}")
        .doesNotContain(event);
  }

  /**
   * Connections may be served by different event loops: the second must come after the first was
   * admitted.
   */
  private static void awaitBytesInFlight(long bytes) {
    await(bytes + " bytes in flight")
        .atMost(Duration.ofSeconds(10))
        .until(WebhookBoundsIT::bytesInFlight, inFlight -> inFlight >= bytes);
  }

  private static double bytesInFlight() {
    return given()
        .get("/q/metrics")
        .body()
        .asString()
        .lines()
        .filter(line -> line.startsWith("slipway_webhook_body_bytes_in_flight_bytes "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
        .findFirst()
        .orElse(0);
  }

  private static Map<String, String> signedLooking() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Hub-Signature-256", WELL_FORMED_WRONG_SIGNATURE);
    headers.put("X-GitHub-Event", "push");
    headers.put("X-GitHub-Delivery", UUID.randomUUID().toString());
    return headers;
  }

  private interface StatusCall {
    int call() throws Exception;
  }

  private static void awaitStatus(StatusCall call, int expected, Duration within) {
    await("status " + expected)
        .atMost(within)
        .ignoreExceptions()
        .until(call::call, status -> status == expected);
  }

  /** A POST written by hand, so a test can announce a length and send less of it. */
  private static final class RawPost implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private BufferedReader in;
    private String statusLine;
    private final StringBuilder headers = new StringBuilder();
    private int contentLength;

    private RawPost(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
    }

    static RawPost open(Map<String, String> headers, long contentLength) throws IOException {
      Socket socket = new Socket("127.0.0.1", RestAssured.port);
      socket.setSoTimeout(10_000);
      StringBuilder head =
          new StringBuilder("POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      head.append("Content-Type: application/json\r\n");
      headers.forEach(
          (name, value) -> {
            if (value != null) {
              head.append(name).append(": ").append(value).append("\r\n");
            }
          });
      head.append("Content-Length: ").append(contentLength).append("\r\n\r\n");
      RawPost post = new RawPost(socket);
      post.out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      post.out.flush();
      return post;
    }

    void send(long bytes) throws IOException {
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) '0');
      for (long sent = 0; sent < bytes; sent += chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, bytes - sent));
      }
      out.flush();
    }

    String statusLine() throws IOException {
      if (statusLine == null) {
        in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        statusLine = in.readLine();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          headers.append(line.toLowerCase(Locale.ROOT)).append('\n');
          if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            contentLength = Integer.parseInt(line.substring("content-length:".length()).trim());
          }
        }
      }
      return statusLine;
    }

    String headers() throws IOException {
      statusLine();
      return headers.toString();
    }

    String body() throws IOException {
      statusLine();
      char[] body = new char[contentLength];
      int read = 0;
      while (read < contentLength) {
        int count = in.read(body, read, contentLength - read);
        if (count < 0) {
          break;
        }
        read += count;
      }
      return new String(body, 0, read);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
