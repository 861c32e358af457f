package dev.slipway.e2e;

import dev.slipway.testsupport.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's time to 202 for one webhook after an idle second, against the same webhook sent one
 * after another at about 200 a second. The gateway runs alone on the in-JVM broker, as in {@code
 * ./slipway bench gateway}: with the flow's consumers running, each delivery would make the
 * compiler, the runner and the reporter work on the same two cores, and the figure would be theirs.
 *
 * <p>Each delivery is written whole to one kept-alive HTTP/1.1 connection, as a lean sender sends
 * it; the same deliveries sent with the JDK's {@code HttpClient} are measured too, for the time
 * that client's own threads add. Both the gateway and the broker are warmed up first with thousands
 * of deliveries, since a gateway runs for days. Run with {@code ./slipway bench idle [idle
 * webhooks] [warm-up]}.
 */
public final class IdleWebhookBenchmark {

  private static final int WARM_UP = 10_000;
  private static final int CLIENT_WARM_UP = 300;
  private static final int STEADY_PER_IDLE = 10;
  private static final long STEADY_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long IDLE_MILLIS = 1000;

  private IdleWebhookBenchmark() {}

  public static void main(String[] args) {
    int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : WARM_UP;
    BenchmarkMain.run(args, 30, idleWebhooks -> run(idleWebhooks, warmUp));
  }

  private static void run(int idleWebhooks, int warmUp) throws InterruptedException, IOException {
    try (ServiceProcess gateway =
            ServiceProcess.start(
                "webhook-gateway",
                FlowSettings.gateway(PullRequestFlow.SECRET),
                ServiceProcesses.logs());
        RawWebhookSender socket = new RawWebhookSender(gateway.baseUrl())) {
      SignedWebhooks webhooks = new SignedWebhooks(gateway.baseUrl(), PullRequestFlow.SECRET);
      byte[] body = webhooks.payload("opened", "bench/idle", 1, "0".repeat(40), null);
      // The signature covers the body alone, so one serves every delivery id.
      String signature = webhooks.signature(body);
      IntSupplier overSocket =
          () ->
              socket.send(
                  socket.request("pull_request", UUID.randomUUID().toString(), signature, body));
      IntSupplier overHttpClient = () -> webhooks.deliver(UUID.randomUUID().toString(), body);
      AnswerTimes answers = new AnswerTimes(gateway.baseUrl());

      steady(overSocket, warmUp);
      Phases socketPhases = phases(overSocket, idleWebhooks, answers);
      steady(overHttpClient, CLIENT_WARM_UP);
      Phases clientPhases = phases(overHttpClient, idleWebhooks, answers);

      System.out.printf(
          "one pull_request delivery of %d bytes at a time, the gateway alone on the broker,"
              + " after %d warm-up deliveries%n",
          body.length, warmUp);
      socketPhases.print("one kept-alive socket");
      clientPhases.print("the JDK's HttpClient");
    }
  }

  private static Phases phases(IntSupplier send, int idleWebhooks, AnswerTimes answers)
      throws InterruptedException {
    answers.meanMillisSinceLast();
    List<Long> idle = new ArrayList<>();
    for (int i = 0; i < idleWebhooks; i++) {
      Thread.sleep(IDLE_MILLIS);
      idle.add(accepted(send));
    }
    double idleInGateway = answers.meanMillisSinceLast();
    List<Long> steady = steady(send, STEADY_PER_IDLE * idleWebhooks);
    return new Phases(idle, idleInGateway, steady, answers.meanMillisSinceLast());
  }

  /** Sends {@code count} deliveries one after another, at most one per 5 ms. */
  private static List<Long> steady(IntSupplier send, int count) {
    List<Long> nanos = new ArrayList<>();
    long next = System.nanoTime();
    for (int i = 0; i < count; i++) {
      while (System.nanoTime() < next) {
        Thread.onSpinWait();
      }
      next += STEADY_SPACING_NANOS;
      nanos.add(accepted(send));
    }
    return nanos;
  }

  /** Sends one delivery with a new id; returns the nanoseconds until the gateway answered 202. */
  private static long accepted(IntSupplier send) {
    long start = System.nanoTime();
    int status = send.getAsInt();
    long took = System.nanoTime() - start;
    if (status != 202) {
      throw new IllegalStateException("the gateway answered " + status + ", not 202");
    }
    return took;
  }

  /** The sender's times and the gateway's own mean, after idle seconds and one after another. */
  private record Phases(
      List<Long> idle, double idleInGateway, List<Long> steady, double steadyInGateway) {

    void print(String sender) {
      System.out.printf("sent over %s:%n", sender);
      printPercentiles("  after an idle second: 202 in", idle);
      printPercentiles("  at about 200/s: 202 in", steady);
      System.out.printf(
          "  of which in the gateway (its own slipway_webhook_ack_latency, mean): after an idle"
              + " second %.1f ms, at about 200/s %.1f ms%n",
          idleInGateway, steadyInGateway);
    }

    private static void printPercentiles(String what, List<Long> nanos) {
      List<Long> sorted = new ArrayList<>(nanos);
      Collections.sort(sorted);
      System.out.printf(
          "%-32s p50 %6.1f ms   p95 %6.1f ms   max %6.1f ms   (%d deliveries)%n",
          what,
          millis(sorted, 50),
          millis(sorted, 95),
          sorted.get(sorted.size() - 1) / 1e6,
          sorted.size());
    }

    private static double millis(List<Long> sorted, int percent) {
      int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, index)) / 1e6;
    }
  }

  /**
   * The gateway's own time from request to answer of published deliveries, read from its {@code
   * /q/metrics}: what the sender's figure spends in the gateway rather than in the sender and on
   * the way.
   */
  private static final class AnswerTimes {
    private static final Pattern SERIES =
        Pattern.compile(
            "^slipway_webhook_ack_latency_seconds_(sum|count)\\{[^}]*outcome=\"published\"[^}]*\\} (\\S+)$",
            Pattern.MULTILINE);

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI metrics;
    private double lastSum;
    private double lastCount;

    AnswerTimes(String baseUrl) {
      this.metrics = URI.create(baseUrl + "/q/metrics");
      meanMillisSinceLast();
    }

    /** The mean time to answer of the deliveries answered since the last call. */
    double meanMillisSinceLast() {
      double sum = 0;
      double count = 0;
      Matcher series = SERIES.matcher(scrape());
      while (series.find()) {
        double value = Double.parseDouble(series.group(2));
        if (series.group(1).equals("sum")) {
          sum += value;
        } else {
          count += value;
        }
      }
      double mean = count > lastCount ? (sum - lastSum) / (count - lastCount) * 1000 : Double.NaN;
      lastSum = sum;
      lastCount = count;
      return mean;
    }

    private String scrape() {
      try {
        return http.send(
                HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
            .body();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
