package dev.slipway.gateway.bench;

import dev.slipway.testsupport.WebhookExamples;
import dev.slipway.gateway.domain.SignatureVerifier;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends signed {@code pull_request} deliveries, each with a new delivery id, to a running gateway
 * on this machine: first as fast as it answers (saturation), then at a fixed rate, measuring the
 * time from the moment each request was due to its 202. Not a test: run it by hand against the
 * local stack.
 *
 * <p>Arguments (all optional): gateway URL (default {@code $SLIPWAY_GATEWAY_URL} or
 * {@code http://127.0.0.1:8080}). Environment: {@code SLIPWAY_WEBHOOK_SECRET} (a secret of the
 * gateway's {@code slipway.webhook.secrets}, default {@code bench-secret}), {@code
 * SLIPWAY_WEBHOOK_EXAMPLES} (the payload is the examples' first {@code pull_request opened}).
 */
public final class GatewayBenchmark {

  private static final int SATURATION_REQUESTS = 20_000;
  private static final Duration SATURATION_LIMIT = Duration.ofSeconds(30);
  private static final int SATURATION_IN_FLIGHT = 64;
  private static final int RATE_PER_SECOND = 200;
  private static final Duration RATE_DURATION = Duration.ofSeconds(15);
  private static final Duration WARM_UP = Duration.ofSeconds(5);

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final URI endpoint;
  private final String secret;
  private final byte[] body;

  private GatewayBenchmark(URI endpoint, String secret, byte[] body) {
    this.endpoint = endpoint;
    this.secret = secret;
    this.body = body;
  }

  public static void main(String[] args) throws Exception {
    String base = args.length > 0 ? args[0] : env("SLIPWAY_GATEWAY_URL", "http://127.0.0.1:8080");
    URI endpoint = URI.create(base.replaceAll("/+$", "") + "/webhooks/github");
    if (!InetAddress.getByName(endpoint.getHost()).isLoopbackAddress()) {
      throw new IllegalArgumentException("the benchmark only targets a gateway on this machine, not " + endpoint.getHost());
    }
    GatewayBenchmark benchmark =
        new GatewayBenchmark(
            endpoint, env("SLIPWAY_WEBHOOK_SECRET", "bench-secret"), WebhookExamples.first("pull_request", "opened").body());
    System.out.printf("gateway %s, pull_request body %d bytes%n", endpoint, benchmark.body.length);
    benchmark.fixedRate(WARM_UP);
    benchmark.saturation();
    benchmark.fixedRate(RATE_DURATION).print("at " + RATE_PER_SECOND + " requests/s");
  }

  private void saturation() throws InterruptedException {
    Semaphore inFlight = new Semaphore(SATURATION_IN_FLIGHT);
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    long start = System.nanoTime();
    long limit = start + SATURATION_LIMIT.toNanos();
    int sent = 0;
    while (sent < SATURATION_REQUESTS && System.nanoTime() < limit) {
      inFlight.acquire();
      sent++;
      send().whenComplete(
          (status, error) -> {
            (status != null && status == 202 ? accepted : other).incrementAndGet();
            inFlight.release();
          });
    }
    inFlight.acquire(SATURATION_IN_FLIGHT);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "saturation: %d requests in %.1f s with %d in flight = %.0f requests/s (%d answered 202, %d otherwise)%n",
        sent, seconds, SATURATION_IN_FLIGHT, sent / seconds, accepted.get(), other.get());
  }

  /** Open loop: request i is due at start + i/rate, and its latency counts from then, so queueing shows. */
  private Latencies fixedRate(Duration duration) throws Exception {
    long interval = TimeUnit.SECONDS.toNanos(1) / RATE_PER_SECOND;
    long count = duration.toNanos() / interval;
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger other = new AtomicInteger();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    long start = System.nanoTime();
    for (long i = 0; i < count; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      pending.add(
          send().whenComplete(
              (status, error) -> {
                if (status != null && status == 202) {
                  latencies.add(System.nanoTime() - due);
                } else {
                  other.incrementAndGet();
                }
              }));
    }
    CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).exceptionally(error -> null).join();
    return new Latencies(latencies, other.get());
  }

  private CompletableFuture<Integer> send() {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "pull_request")
            .header("X-GitHub-Delivery", UUID.randomUUID().toString())
            .header("X-Hub-Signature-256", SignatureVerifier.sign(secret, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private record Latencies(List<Long> nanos, int notAccepted) {
    void print(String label) {
      List<Long> sorted = new ArrayList<>(nanos);
      Collections.sort(sorted);
      System.out.printf(
          "%s: %d answered 202 (%d otherwise), time to 202 p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          label, sorted.size(), notAccepted, percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100));
    }

    private static double percentile(List<Long> sorted, int percent) {
      if (sorted.isEmpty()) {
        return Double.NaN;
      }
      int index = Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1);
      return sorted.get(Math.max(0, index)) / 1e6;
    }
  }
}
