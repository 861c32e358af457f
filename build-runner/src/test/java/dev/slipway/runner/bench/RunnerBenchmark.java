package dev.slipway.runner.bench;

import dev.slipway.events.Envelope;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.Topics;
import dev.slipway.platform.containers.Podman;
import dev.slipway.platform.kafka.EventConsumerLoop;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import dev.slipway.platform.kafka.TopicProvisioner;
import dev.slipway.runner.domain.RunScheduler;
import dev.slipway.runner.domain.SecretResolver;
import dev.slipway.runner.domain.TaskResourceLimits;
import dev.slipway.runner.kafka.TaskSpecConsumer;
import dev.slipway.runner.kafka.TaskSpecHandler;
import dev.slipway.runner.podman.PodmanExecutors;
import dev.slipway.runner.podman.PodmanRunners;
import dev.slipway.runner.podman.TestRepository;
import dev.slipway.runner.registry.TaskImages;
import dev.slipway.runner.state.RunLogFiles;
import dev.slipway.testsupport.KafkaBroker;
import dev.slipway.testsupport.registry.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * From a task-spec event on the topic to the container's first line of output, with the task image
 * already pulled (warm), through the real broker, registry and podman; and the runner's overhead
 * per task: a no-op task's time from task-spec to its final state minus a bare {@code podman run}
 * of the same image until it ended. Run: {@code mvn -pl build-runner test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.slipway.runner.bench.RunnerBenchmark} (or from an
 * IDE). Argument: rounds (default 10).
 */
public final class RunnerBenchmark {

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    String servers = KafkaBroker.bootstrapServers();
    KafkaClientFactory kafka = new KafkaClientFactory(servers, "runner-benchmark");
    TopicProvisioner.provision(kafka, 1, (short) 1);
    EventPublisher publisher = new EventPublisher(kafka.newProducer(), Duration.ofSeconds(10));

    Path root = Files.createTempDirectory("slipway-bench");
    Clock clock = Clock.systemUTC();
    RunLogFiles logs = new RunLogFiles(root.resolve("logs"));
    Podman podman = new Podman(root.resolve("containers"));
    TaskImages images = new TaskImages(LocalRegistry.address(), true, root.resolve("image-cache"));
    Map<String, Long> finishedAt = new ConcurrentHashMap<>();
    RunScheduler scheduler =
        PodmanRunners.scheduler(
            root,
            1,
            PodmanExecutors.under(root)
                .podman(podman)
                .images(images)
                .logs(logs)
                .pidsLimit(4096)
                .limits(TaskResourceLimits.of("4g", "4g", "2", "2"))
                .build(),
            new SecretResolver((repository, name) -> Optional.empty()),
            (request, id, event) -> {
              publisher.publish(
                  Topics.BUILD_JOB,
                  Envelope.first("/bench", event.repository(), "bench", clock.instant(), event));
              if (event.to().isTerminal()) {
                finishedAt.put(event.runId(), System.nanoTime());
              }
            },
            logs,
            clock);
    EventConsumerLoop loop =
        new EventConsumerLoop(
            kafka.newConsumer(TaskSpecConsumer.GROUP),
            List.of(Topics.TASK_SPEC),
            new TaskSpecHandler(scheduler),
            publisher,
            "/bench",
            clock,
            Duration.ofMillis(200),
            EventConsumerLoop.DEFAULT_MAX_QUEUED,
            EventConsumerLoop.Listener.NONE);
    new Thread(loop, "bench-consumer").start();
    TestRepository repository = TestRepository.create("README", "bench\n");

    String hash = "bench-" + UUID.randomUUID();
    run(publisher, logs, finishedAt, task(repository, "echo first-line", hash), true);
    List<Double> firstLine = new ArrayList<>();
    List<Double> endToEnd = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      double[] times =
          run(publisher, logs, finishedAt, task(repository, "echo first-line", hash), true);
      firstLine.add(times[0]);
      endToEnd.add(times[1]);
      System.out.printf(
          "round %d: first line %.0f ms, final state %.0f ms%n", i + 1, times[0], times[1]);
    }
    String image = images.reference(task(repository, "", hash));
    List<Double> bare = new ArrayList<>();
    // The runner pulls by digest; the bare runs start the same image by its tag, pulled once here.
    podman.call("pull", "--quiet", "--tls-verify=false", image).orThrow("pulling " + image);
    for (int i = 0; i < rounds; i++) {
      String name = "bench-bare-" + i;
      long start = System.nanoTime();
      podman
          .call("run", "--detach", "--pull=never", "--name", name, "--network=host", image)
          .orThrow("bare podman run");
      while (!podman
          .call("inspect", "--format", "{{.State.Status}}", name)
          .stdout()
          .matches("(?s)(exited|stopped).*")) {
        // A benchmark polls at a known short interval: the interval bounds the measuring error.
        Thread.sleep(20);
      }
      bare.add(millis(start, System.nanoTime()));
      podman.call("rm", "--force", name);
    }
    loop.close();
    scheduler.close();
    publisher.close();

    System.out.printf("rounds: %d (warm image, concurrency 1)%n", rounds);
    System.out.printf(
        "task-spec published -> container's first output line: p50 %.0f ms, p90 %.0f ms%n",
        p(firstLine, 50), p(firstLine, 90));
    System.out.printf(
        "task-spec published -> final state reported (no-op task): p50 %.0f ms%n", p(endToEnd, 50));
    System.out.printf(
        "bare podman run of the same image until it ended: p50 %.0f ms%n", p(bare, 50));
    System.out.printf(
        "runner overhead per task (difference of the p50s): %.0f ms%n",
        p(endToEnd, 50) - p(bare, 50));
    System.exit(0);
  }

  private static double[] run(
      EventPublisher publisher,
      RunLogFiles logs,
      Map<String, Long> finishedAt,
      TaskPlanned task,
      boolean awaitEnd)
      throws InterruptedException {
    long start = System.nanoTime();
    publisher.publish(
        Topics.TASK_SPEC,
        Envelope.first("/bench", task.repository(), "bench", Clock.systemUTC().instant(), task));
    long firstLine = 0;
    while (firstLine == 0 || (awaitEnd && !finishedAt.containsKey(task.runId()))) {
      if (firstLine == 0
          && Files.exists(logs.output(task.runId()))
          && logs.read(task.runId()).contains("first-line")) {
        firstLine = System.nanoTime();
      }
      if (finishedAt.containsKey(task.runId()) && firstLine == 0) {
        throw new IllegalStateException(
            "run " + task.runId() + " ended without output: " + logs.read(task.runId()));
      }
      // Polled, not awaited: 2 ms bounds the measuring error of the first output's time.
      Thread.sleep(2);
    }
    return new double[] {millis(start, firstLine), millis(start, finishedAt.get(task.runId()))};
  }

  private static TaskPlanned task(TestRepository repository, String entrypoint, String hash) {
    return repository
        .task()
        .runId("bench-" + UUID.randomUUID())
        .repository("org/bench")
        .entrypoint(entrypoint)
        .contentHash(hash)
        .build();
  }

  private static double millis(long from, long to) {
    return (to - from) / 1_000_000.0;
  }

  private static double p(List<Double> values, int percentile) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(
        Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
  }
}
