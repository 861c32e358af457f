package dev.slipway.e2e;

import dev.slipway.events.BuildJobEvent;
import dev.slipway.events.ContainerTimes;
import dev.slipway.events.Envelope;
import dev.slipway.events.RunState;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookEvent;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.github.FakeGitHub;
import dev.slipway.testsupport.github.FakeGitHub.Status;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Webhook to GitHub, measured: for each pull request with one trivial task, the time from sending
 * the webhook to the first {@code pending} status, and to the final status, where that time goes
 * (gateway, compiler, reporter, and the runner: queued, container started, first output, exit,
 * final status written), and how many status writes each pull request cost. Pull requests go one
 * after another, so the figures are latency, not queueing. Each webhook is signed before the clock
 * starts and written whole to one kept-alive socket, as GitHub sends it: an HTTP client's own
 * threads would add their wake-up to every figure ({@link IdleWebhookBenchmark}). Run with {@code
 * ./slipway bench flow [pull requests] [warm-up]}.
 */
public final class FlowBenchmark {

  /**
   * Pull requests sent before measuring, by default: a service that runs for days has compiled its
   * hot paths, and one that has handled ten pull requests has not. After 10, every Kafka hop took
   * about 11 ms here and the first status 30 ms; after 200, 6 ms and 16-18 ms; after 600, the first
   * status took 12-14 ms.
   */
  private static final int WARM_UP = 600;

  private static final String TASK_CONTEXT = "slipway/trivial";

  /**
   * One pull request a second with five writes each is far beyond GitHub's 80 writes a minute and
   * 500 an hour: under the default budget this would measure the budget (statuses wait, then
   * coalesce), not the latency. The budget has tests of its own.
   */
  private static final Map<String, String> UNLIMITED_BUDGET =
      Map.of(
          "SLIPWAY_GITHUB_BUDGET_PER_MINUTE",
          "1000000",
          "SLIPWAY_GITHUB_BUDGET_PER_HOUR",
          "1000000");

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  private FlowBenchmark() {}

  /** Arguments: how many pull requests to measure (100), and how many to send first (200). */
  public static void main(String[] args) {
    int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : WARM_UP;
    BenchmarkMain.run(args, 100, pullRequests -> run(pullRequests, warmUp));
  }

  private static void run(int pullRequests, int warmUp) throws InterruptedException, IOException {
    try (PullRequestFlow flow = PullRequestFlow.start(UNLIMITED_BUDGET);
        EventProbe<WebhookEvent> webhooks = EventProbe.fromNow(Topics.WEBHOOK);
        EventProbe<TaskSpecEvent> taskSpecs = EventProbe.fromNow(Topics.TASK_SPEC);
        EventProbe<BuildJobEvent> runs = EventProbe.fromNow(Topics.BUILD_JOB);
        RawWebhookSender sender = new RawWebhookSender(flow.service("webhook-gateway").baseUrl())) {
      GitRepository repository = flow.repository("bench/trivial");
      FakeGitHub github = flow.github();
      Stages stages = new Stages();
      int writes = 0;
      for (int i = 0; i < warmUp + pullRequests; i++) {
        String sha =
            repository.commit(
                "bench/" + i,
                Map.of(
                    ".slipway.yml", flow.oneTask("trivial", "echo ok"), "ROUND", String.valueOf(i)),
                "round " + i);
        byte[] body = flow.webhooks().payload("opened", "bench/trivial", 1000 + i, sha, null);
        String delivery = UUID.randomUUID().toString();
        byte[] request =
            sender.request("pull_request", delivery, flow.webhooks().signature(body), body);
        Instant sent = Instant.now();
        if (sender.send(request) != 202) {
          throw new IllegalStateException("the gateway did not accept round " + i);
        }
        Observed observed = awaitFinal(github, sha);
        Instant received = timeOf(webhooks, delivery);
        Instant planned = timeOf(taskSpecs, delivery);
        Instant queued = timeOf(runs, delivery, RunState.QUEUED);
        Envelope<BuildJobEvent> ended = finalRunEvent(runs, delivery);
        TaskRunStateChanged end = (TaskRunStateChanged) ended.data();
        if (end.to() != RunState.SUCCEEDED) {
          throw new IllegalStateException(
              "round " + i + "'s run ended " + end.to() + ": " + end.detail());
        }
        ContainerTimes container = end.container();
        if (i < warmUp) {
          continue;
        }
        stages.add(FIRST_PENDING, sent, observed.firstStatus());
        stages.add(TASK_PENDING, sent, observed.firstTaskStatus());
        stages.add(FINAL_STATUS, sent, observed.finalStatus());
        stages.add("  sent -> webhook event created", sent, received);
        stages.add("  webhook event -> task planned", received, planned);
        stages.add("  task planned -> pending seen", planned, observed.firstTaskStatus());
        stages.add("  task planned -> run queued", planned, queued);
        stages.add("  queued -> container started", queued, container.startedAt());
        stages.add(
            "  container started -> first output",
            container.startedAt(),
            container.firstOutputAt());
        stages.add("  first output -> exit seen", container.firstOutputAt(), container.exitedAt());
        stages.add("  exit seen -> final event", container.exitedAt(), ended.time());
        stages.add("  final event -> final status seen", ended.time(), observed.finalStatus());
        writes += observed.writes();
      }
      System.out.printf(
          "pull requests: %d (after %d warm-up), one trivial task each, GitHub write budget lifted%n",
          pullRequests, warmUp);
      stages.print(FIRST_PENDING, TASK_PENDING, FINAL_STATUS);
      System.out.println(
          "where the time goes (event times; the services and this benchmark share one clock):");
      stages.printRest();
      System.out.printf(
          "GitHub status writes per pull request: %.2f%n", (double) writes / pullRequests);
    }
  }

  private static final String FIRST_PENDING = "webhook -> first pending status";
  private static final String TASK_PENDING = "webhook -> task's first pending";
  private static final String FINAL_STATUS = "webhook -> task's final status";

  /** When the run of this delivery reached {@code state}. */
  private static Instant timeOf(EventProbe<BuildJobEvent> runs, String delivery, RunState state) {
    return runs.await(
            envelope ->
                delivery.equals(envelope.correlationId())
                    && envelope.data() instanceof TaskRunStateChanged changed
                    && changed.to() == state,
            1,
            PATIENCE)
        .get(0)
        .time();
  }

  private static Envelope<BuildJobEvent> finalRunEvent(
      EventProbe<BuildJobEvent> runs, String delivery) {
    return runs.await(
            envelope ->
                delivery.equals(envelope.correlationId())
                    && envelope.data() instanceof TaskRunStateChanged changed
                    && changed.to().isTerminal(),
            1,
            PATIENCE)
        .get(0);
  }

  /** When the event of this delivery on the probe's topic was created (its {@code ce_time}). */
  private static <E> Instant timeOf(EventProbe<E> probe, String delivery) {
    return probe
        .await(envelope -> delivery.equals(envelope.correlationId()), 1, PATIENCE)
        .get(0)
        .time();
  }

  /**
   * When the benchmark saw the commit's first status ({@code slipway/config} pending, from the
   * webhook), the task's first status and the task's final status (GitHub's own times have whole
   * seconds only), and how many statuses the commit received in all.
   */
  private record Observed(
      Instant firstStatus, Instant firstTaskStatus, Instant finalStatus, int writes) {}

  private static Observed awaitFinal(FakeGitHub github, String sha) throws InterruptedException {
    Instant end = Instant.now().plus(PATIENCE);
    Instant first = null;
    Instant firstTask = null;
    while (Instant.now().isBefore(end)) {
      List<Status> statuses = github.statuses("bench/trivial", sha);
      Instant now = Instant.now();
      if (!statuses.isEmpty() && first == null) {
        first = now;
      }
      List<Status> task =
          statuses.stream().filter(status -> status.context().equals(TASK_CONTEXT)).toList();
      if (!task.isEmpty() && firstTask == null) {
        firstTask = now;
      }
      if (!task.isEmpty() && !task.get(task.size() - 1).state().equals("pending")) {
        return new Observed(first, firstTask, now, statuses.size());
      }
      // Polled, not awaited: 2 ms bounds the measuring error of each status's time.
      Thread.sleep(2);
    }
    throw new IllegalStateException("no final status for " + sha + " within " + PATIENCE);
  }
}
