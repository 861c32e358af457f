package dev.slipway.e2e;

import dev.slipway.events.BuildJobEvent;
import dev.slipway.events.DeployedEvent;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.ImagePushedEvent;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.RunState;
import dev.slipway.events.Topics;
import dev.slipway.testsupport.EventProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Release webhook to the new version answering, measured: for each release of a tiny busybox
 * service (warm layer cache), the time until dc1's haproxy serves it, and until both do, split into
 * the wait for the build, the build and push, the rollout up to haproxy serving it, and then dc2's
 * admission and rollout, from the events' own times. Releases go one after another. Run with {@code
 * ./slipway bench release [releases]}.
 */
public final class ReleaseBenchmark {

  private static final int WARM_UP = 2;
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final String TO_DC1 = "release webhook -> served by dc1";
  private static final String TO_BOTH = "release webhook -> served by both";
  private static final String ROLLOUT_DC1 = "  pull, start, health, etcd, haproxy";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ReleaseBenchmark() {}

  public static void main(String[] args) {
    BenchmarkMain.run(args, 10, ReleaseBenchmark::run);
  }

  private static void run(int releases) throws InterruptedException {
    try (ReleaseFlow flow = ReleaseFlow.start();
        EventProbe<BuildJobEvent> builds = EventProbe.fromNow(Topics.BUILD_JOB);
        EventProbe<ImagePushedEvent> pushes = EventProbe.fromNow(Topics.IMAGE_PUSHED);
        EventProbe<DeployedEvent> deployed = EventProbe.fromNow(Topics.DEPLOYED)) {
      GitRepository repository = flow.repository("bench/release");
      String dc1 = flow.datacenter("dc1").url() + "/bench/";
      String dc2 = flow.datacenter("dc2").url() + "/bench/";
      Stages stages =
          Stages.measure(
              WARM_UP,
              releases,
              (index, round) -> {
                String tag = "v" + (index + 1);
                Instant sent = Instant.now();
                flow.publish(repository, "bench/release", "bench", tag, true);
                Instant servedByDc1 = awaitServing(dc1, "bench " + tag);
                Instant servedByBoth = awaitServing(dc2, "bench " + tag);
                Instant started = time(builds, releaseBuild(tag, RunState.STARTED));
                Instant built = time(builds, releaseBuild(tag, RunState.SUCCEEDED));
                Instant pushed = time(pushes, imagePushed(tag, "dc1"));
                Instant reportedByDc1 =
                    time(
                        deployed,
                        event ->
                            event instanceof DeploymentFinished finished
                                && finished.tag().equals(tag)
                                && finished.datacenter().equals("dc1"));
                Instant pushedToDc2 = time(pushes, imagePushed(tag, "dc2"));
                round.add(TO_DC1, sent, servedByDc1);
                round.add(TO_BOTH, sent, servedByBoth);
                round.add("  webhook -> build started", sent, started);
                round.add("  clone + buildah build + push", started, built);
                round.add("  build done -> image-pushed event", built, pushed);
                round.add(ROLLOUT_DC1, pushed, servedByDc1);
                round.add("  dc1 reported -> image-pushed for dc2", reportedByDc1, pushedToDc2);
                round.add("  start, health, etcd, haproxy in dc2", pushedToDc2, servedByBoth);
              });
      System.out.printf(
          "releases: %d (after %d warm-up), a busybox httpd image, 2 replicas, dc1 then dc2%n",
          releases, WARM_UP);
      stages.print(TO_DC1, TO_BOTH);
      System.out.println("where the time to dc1 goes (event times, one clock):");
      stages.printThrough(ROLLOUT_DC1);
      System.out.println("then dc2:");
      stages.printRest();
    }
  }

  private static Predicate<Object> releaseBuild(String tag, RunState state) {
    return event ->
        event instanceof ReleaseBuildStateChanged change
            && change.tag().equals(tag)
            && change.to() == state;
  }

  private static Predicate<Object> imagePushed(String tag, String datacenter) {
    return event ->
        event instanceof ImagePushed image
            && image.tag().equals(tag)
            && image.datacenter().equals(datacenter);
  }

  private static <E> Instant time(EventProbe<E> probe, Predicate<Object> which) {
    return probe.await(envelope -> which.test(envelope.data()), 1, PATIENCE).get(0).time();
  }

  static Instant awaitServing(String url, String body) throws InterruptedException {
    Instant end = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(end)) {
      try {
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains(body)) {
          return Instant.now();
        }
      } catch (IOException notYet) {
        // haproxy is reloading or the service is not registered yet: ask again.
      }
      // Polled, not awaited: 20 ms bounds the measuring error of the rollout's end.
      Thread.sleep(20);
    }
    throw new IllegalStateException(url + " did not serve '" + body + "' within " + PATIENCE);
  }
}
