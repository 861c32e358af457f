package dev.slipway.gateway.bench;

import dev.slipway.gateway.domain.SignatureVerifier;
import dev.slipway.testsupport.WebhookExamples;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends signed {@code pull_request} deliveries, each with a new delivery id, to a running gateway
 * on this machine: first as fast as it answers (saturation), then at a fixed rate, measuring the
 * time from the moment each request was due to its 202. Not a test: run it by hand against the
 * local stack.
 *
 * <p>A warm-up (a few seconds at the fixed rate, then bursts as fast as the gateway answers, until
 * a burst is no more than 10% faster than the one before, at most five) comes first and is reported
 * but not counted: the load generator's JVM starts cold with every run, and until the JIT compilers
 * of it, the gateway and the broker have caught up, they take much of the machine's two cores.
 *
 * <p>The load generator shares those cores with the gateway and the broker, so it spends as little
 * as it can per request: Vert.x's client with kept-alive connections, driven entirely from its one
 * event loop (no hand-over between threads per request), and the signature computed once, since it
 * covers only the body, which every request repeats; each request still carries a new delivery id.
 *
 * <p>Arguments (all optional): gateway URL (default {@code $SLIPWAY_GATEWAY_URL} or {@code
 * http://127.0.0.1:8080}). Environment: {@code SLIPWAY_WEBHOOK_SECRET} (a secret of the gateway's
 * {@code slipway.webhook.secrets}, default {@code bench-secret}), {@code SLIPWAY_WEBHOOK_EXAMPLES}
 * (the payload is the examples' first {@code pull_request opened}).
 *
 * <p>{@code ./slipway bench gateway} stops the task-compiler and the status-reporter for the run
 * and moves them past its deliveries afterwards ({@link SkipDeliveries}), so the figures are the
 * gateway's and the broker's, not those of two cores shared with the services that consume them.
 */
public final class GatewayBenchmark {

  private static final int SATURATION_REQUESTS = 20_000;
  private static final Duration SATURATION_LIMIT = Duration.ofSeconds(30);
  private static final int SATURATION_IN_FLIGHT = 64;
  private static final int RATE_PER_SECOND = 200;
  private static final Duration RATE_DURATION = Duration.ofSeconds(15);
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final int WARM_UP_BURST = 10_000;
  private static final int WARM_UP_MAX_BURSTS = 5;
  private static final double WARM_UP_GAIN = 0.10;

  /**
   * Enough connections that the fixed rate never waits for one, so the gateway's queueing is what
   * shows.
   */
  private static final int CONNECTIONS = 256;

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final Context eventLoop = vertx.getOrCreateContext();
  private final HttpClient client;
  private final RequestOptions target;
  private final String signature;
  private final Buffer body;

  private GatewayBenchmark(URI endpoint, String secret, byte[] body) {
    this.signature = SignatureVerifier.sign(secret, body);
    this.body = Buffer.buffer(body);
    this.target =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(endpoint.getHost())
            .setPort(endpoint.getPort() == -1 ? 80 : endpoint.getPort())
            .setURI(endpoint.getRawPath())
            .setTimeout(REQUEST_TIMEOUT.toMillis());
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setConnectTimeout((int) Duration.ofSeconds(5).toMillis()),
            new PoolOptions().setHttp1MaxSize(CONNECTIONS));
  }

  public static void main(String[] args) throws Exception {
    String base = args.length > 0 ? args[0] : env("SLIPWAY_GATEWAY_URL", "http://127.0.0.1:8080");
    URI endpoint = URI.create(base.replaceAll("/+$", "") + "/webhooks/github");
    if (!InetAddress.getByName(endpoint.getHost()).isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "the benchmark only targets a gateway on this machine, not " + endpoint.getHost());
    }
    GatewayBenchmark benchmark =
        new GatewayBenchmark(
            endpoint,
            env("SLIPWAY_WEBHOOK_SECRET", "bench-secret"),
            WebhookExamples.first("pull_request", "opened").body());
    System.out.printf(
        "gateway %s, pull_request body %d bytes%n", endpoint, benchmark.body.length());
    try {
      benchmark.fixedRate(WARM_UP);
      benchmark.warmUpBursts();
      benchmark.saturation(SATURATION_REQUESTS).print("saturation");
      benchmark.fixedRate(RATE_DURATION).print("at " + RATE_PER_SECOND + " requests/s");
    } finally {
      benchmark.vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /**
   * Bursts until one is no more than {@link #WARM_UP_GAIN} faster than the one before: a gateway
   * started moments ago needs a few more than one that has served before.
   */
  private void warmUpBursts() {
    double previous = 0;
    for (int burst = 1; burst <= WARM_UP_MAX_BURSTS; burst++) {
      Throughput throughput = saturation(WARM_UP_BURST);
      throughput.print("warm-up burst " + burst);
      if (throughput.perSecond() <= previous * (1 + WARM_UP_GAIN)) {
        return;
      }
      previous = throughput.perSecond();
    }
  }

  private Throughput saturation(int requests) {
    CompletableFuture<Throughput> done = new CompletableFuture<>();
    eventLoop.runOnContext(ignored -> new ClosedLoop(requests, done).start());
    return done.join();
  }

  /** Keeps {@link #SATURATION_IN_FLIGHT} requests in flight: each answer sends the next request. */
  private final class ClosedLoop {
    private final int requests;
    private final CompletableFuture<Throughput> done;
    private final long start = System.nanoTime();
    private final long limit = start + SATURATION_LIMIT.toNanos();
    private final long cpuAtStart = processCpuNanos();
    private int sent;
    private int answered;
    private int accepted;

    ClosedLoop(int requests, CompletableFuture<Throughput> done) {
      this.requests = requests;
      this.done = done;
    }

    void start() {
      for (int i = 0; i < SATURATION_IN_FLIGHT; i++) {
        sendNext();
      }
    }

    private void sendNext() {
      if (sent == requests || System.nanoTime() >= limit) {
        return;
      }
      sent++;
      send()
          .onComplete(
              status -> {
                answered++;
                if (status.succeeded() && status.result() == 202) {
                  accepted++;
                }
                sendNext();
                if (answered == sent) {
                  done.complete(
                      new Throughput(
                          sent,
                          System.nanoTime() - start,
                          accepted,
                          sent - accepted,
                          (processCpuNanos() - cpuAtStart) / sent));
                }
              });
    }
  }

  private Latencies fixedRate(Duration duration) {
    CompletableFuture<Latencies> done = new CompletableFuture<>();
    eventLoop.runOnContext(ignored -> new OpenLoop(duration, done).tick(0L));
    return done.join();
  }

  /**
   * Open loop: request i is due at start + i/rate, and its latency counts from then, so queueing
   * shows.
   */
  private final class OpenLoop {
    private final long interval = TimeUnit.SECONDS.toNanos(1) / RATE_PER_SECOND;
    private final long count;
    private final CompletableFuture<Latencies> done;
    private final long start = System.nanoTime();
    private final List<Long> latencies = new ArrayList<>();
    private long issued;
    private int answered;

    OpenLoop(Duration duration, CompletableFuture<Latencies> done) {
      this.count = duration.toNanos() / interval;
      this.done = done;
    }

    /**
     * Sends every request that is due, then sleeps until the next one is (timers have whole
     * milliseconds).
     */
    void tick(Long timer) {
      long now = System.nanoTime();
      for (long due = start + issued * interval;
          issued < count && due <= now;
          due = start + issued * interval) {
        long dueAt = due;
        issued++;
        send()
            .onComplete(
                status -> {
                  answered++;
                  if (status.succeeded() && status.result() == 202) {
                    latencies.add(System.nanoTime() - dueAt);
                  }
                  if (answered == count) {
                    done.complete(new Latencies(latencies, answered - latencies.size()));
                  }
                });
      }
      if (issued < count) {
        long untilNext = start + issued * interval - System.nanoTime();
        vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(untilNext)), this::tick);
      }
    }
  }

  /** Must run on the event loop: the request then stays on it from start to answer. */
  private Future<Integer> send() {
    RequestOptions request =
        new RequestOptions(target)
            .putHeader("Content-Type", "application/json")
            .putHeader("X-GitHub-Event", "pull_request")
            .putHeader("X-GitHub-Delivery", UUID.randomUUID().toString())
            .putHeader("X-Hub-Signature-256", signature);
    return client
        .request(request)
        .compose(sending -> sending.send(body))
        .compose(response -> response.end().map(response.statusCode()));
  }

  /**
   * CPU time of this whole JVM (the load generator), to show what it takes from the shared cores.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private record Throughput(
      int sent, long nanos, int accepted, int notAccepted, long generatorCpuNanosPerRequest) {
    double perSecond() {
      return sent / (nanos / 1e9);
    }

    void print(String label) {
      double seconds = nanos / 1e9;
      System.out.printf(
          "%s: %d requests in %.1f s with %d in flight = %.0f requests/s (%d answered 202, %d otherwise);"
              + " load generator CPU %.3f ms per request%n",
          label,
          sent,
          seconds,
          SATURATION_IN_FLIGHT,
          sent / seconds,
          accepted,
          notAccepted,
          generatorCpuNanosPerRequest / 1e6);
    }
  }

  private record Latencies(List<Long> nanos, int notAccepted) {
    void print(String label) {
      List<Long> sorted = new ArrayList<>(nanos);
      Collections.sort(sorted);
      System.out.printf(
          "%s: %d answered 202 (%d otherwise), time to 202 p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          label,
          sorted.size(),
          notAccepted,
          percentile(sorted, 50),
          percentile(sorted, 99),
          percentile(sorted, 100));
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
