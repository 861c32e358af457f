package dev.slipway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Rollback to the old version answering, measured: after v1 and v2 of a tiny busybox service rolled
 * out in dc1 and dc2, the benchmark rolls back to v1, then to v2, then to v1 again, and so on, one
 * after another, each through the operations endpoint as {@code ./slipway release rollback} does.
 * For each it takes the time from the request until dc1's haproxy serves the old version, until
 * both do, and the endpoint's answer. Nothing is built: the image is in the registry. Run with
 * {@code ./slipway bench rollback [rollbacks]}.
 */
public final class RollbackBenchmark {

  private static final int WARM_UP = 2;
  private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "TIMED_OUT", "SUPERSEDED");

  private RollbackBenchmark() {}

  public static void main(String[] args) {
    BenchmarkMain.run(args, 10, RollbackBenchmark::run);
  }

  private static void run(int rollbacks) throws InterruptedException {
    try (ReleaseFlow flow = ReleaseFlow.start()) {
      GitRepository repository = flow.repository("bench/rollback");
      String dc1 = flow.datacenter("dc1").url() + "/bench/";
      String dc2 = flow.datacenter("dc2").url() + "/bench/";
      for (String tag : List.of("v1", "v2")) {
        flow.publish(repository, "bench/rollback", "bench", tag, true);
        ReleaseBenchmark.awaitServing(dc1, "bench " + tag);
        ReleaseBenchmark.awaitServing(dc2, "bench " + tag);
      }
      awaitEnded(flow, 2);
      Stages stages =
          Stages.measure(
              WARM_UP,
              rollbacks,
              (index, round) -> {
                int to = index % 2 == 0 ? 1 : 2;
                Instant asked = Instant.now();
                ReleaseFlow.Answer answer =
                    flow.operate("bench/rollback", "ROLLBACK", to, List.of());
                Instant decided = Instant.now();
                if (answer.status() != 202) {
                  throw new IllegalStateException(
                      "rollback to v" + to + " refused: " + answer.body());
                }
                Instant servedByDc1 = ReleaseBenchmark.awaitServing(dc1, "bench v" + to);
                Instant servedByBoth = ReleaseBenchmark.awaitServing(dc2, "bench v" + to);
                awaitEnded(flow, answer.body().at("/release/number").asInt());
                round.add("rollback asked -> answered (new release number)", asked, decided);
                round.add("rollback asked -> old version served by dc1", asked, servedByDc1);
                round.add("rollback asked -> old version served by both", asked, servedByBoth);
              });
      System.out.printf(
          "rollbacks: %d (after %d warm-up), a busybox httpd image, 2 replicas, dc1 then dc2%n",
          rollbacks, WARM_UP);
      stages.printRest();
    }
  }

  /** Until release {@code number} ended: the next rollback would be refused while it goes on. */
  private static void awaitEnded(ReleaseFlow flow, int number) throws InterruptedException {
    Instant end = Instant.now().plus(Duration.ofSeconds(120));
    while (Instant.now().isBefore(end)) {
      ReleaseFlow.Answer view = flow.releases("bench/rollback");
      if (view.status() == 200) {
        for (JsonNode release : view.body().get("releases")) {
          if (release.get("number").asInt() == number
              && ENDED.contains(release.get("state").asText())) {
            return;
          }
        }
      }
      // Polled: the view has no change feed; 50 ms is small next to a rollout.
      Thread.sleep(50);
    }
    throw new IllegalStateException("v" + number + " did not end within 120 s");
  }
}
