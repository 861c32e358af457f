package dev.slipway.compiler.bench;

import dev.slipway.compiler.domain.Pipelines;
import dev.slipway.compiler.domain.Planner;
import dev.slipway.compiler.domain.TaskCompiler;
import dev.slipway.compiler.git.GitPipelineSource;
import dev.slipway.compiler.git.LocalRepositories;
import dev.slipway.compiler.kafka.WebhookCompiler;
import dev.slipway.events.Envelope;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.WebhookReceived;
import dev.slipway.platform.kafka.EventConsumerLoop;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.KafkaClientFactory;
import dev.slipway.platform.kafka.TopicProvisioner;
import dev.slipway.testsupport.EventProbe;
import dev.slipway.testsupport.KafkaBroker;
import dev.slipway.testsupport.Webhooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures the task-compiler: plans per second with a warm cache (git read once, then every plan
 * compiles every task again), and the latency from publishing a webhook event to the last of its
 * TaskPlanned events on a real broker. Not a test: run it by hand (see the module's README).
 */
public final class CompilerBenchmark {

  private static final String REPO = "bench/shop";
  private static final String PIPELINE =
      """
      image: node:20-alpine
      env: {CI: "true"}
      tasks:
        lint:
          pre: [npm ci]
          cmds: [npm run lint]
        test:
          pre: [npm ci]
          cmds: [npm test, npm run e2e]
          post: [npm run report || true]
          timeout: 15m
        build:
          cmds: [npm run build]
      """;

  private CompilerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int plans = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    Path temp = Files.createTempDirectory("slipway-compiler-bench");
    LocalRepositories repositories =
        new LocalRepositories(Files.createDirectories(temp.resolve("remote")));
    String sha = repositories.commit(REPO, Map.of(".slipway.yml", PIPELINE));
    GitPipelineSource source =
        new GitPipelineSource(
            repositories.urlTemplate(), temp.resolve("cache"), Duration.ofSeconds(30));
    Planner planner =
        new Planner(new Pipelines(source, 1000), new TaskCompiler(Duration.ofMinutes(20)));

    long coldStart = System.nanoTime();
    planner.plan(pullRequest(sha, 0), Instant.EPOCH);
    System.out.printf(
        "cold plan (git init + fetch + parse + compile): %.1f ms%n",
        (System.nanoTime() - coldStart) / 1e6);

    for (int i = 0; i < plans / 5; i++) {
      planner.plan(pullRequest(sha, i), Instant.EPOCH);
    }
    long start = System.nanoTime();
    for (int i = 0; i < plans; i++) {
      planner.plan(pullRequest(sha, i), Instant.EPOCH);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "warm cache: %d webhook events (3 tasks each) in %.2f s = %.0f events/s, %.0f task compilations/s%n",
        plans, seconds, plans / seconds, 3 * plans / seconds);

    endToEnd(planner, sha, events);
    try (Stream<Path> paths = Files.walk(temp)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
    System.exit(0);
  }

  private static void endToEnd(Planner planner, String sha, int events) throws Exception {
    KafkaClientFactory factory =
        new KafkaClientFactory(KafkaBroker.bootstrapServers(), "compiler-bench");
    TopicProvisioner.provision(factory, 3, (short) 1);
    EventPublisher publisher = new EventPublisher(factory.newProducer(), Duration.ofSeconds(5));
    WebhookCompiler compiler = WebhookCompiler.standalone(planner, publisher);
    EventConsumerLoop loop =
        new EventConsumerLoop(
            factory.newConsumer("task-compiler-bench"),
            List.of(Topics.WEBHOOK),
            compiler,
            publisher,
            "/slipway/task-compiler",
            Clock.systemUTC(),
            Duration.ofMillis(500),
            EventConsumerLoop.DEFAULT_MAX_QUEUED,
            EventConsumerLoop.Listener.NONE);
    Thread consumer = new Thread(loop, "bench-consumer");
    consumer.start();
    List<Double> latencies = new ArrayList<>();
    try (EventProbe<TaskSpecEvent> probe = EventProbe.fromNow(Topics.TASK_SPEC)) {
      for (int i = 0; i < events + 20; i++) {
        Envelope<WebhookEvent> webhook =
            Envelope.first(
                "/slipway/webhook-gateway", REPO, "bench-" + i, Instant.now(), pullRequest(sha, i));
        long sent = System.nanoTime();
        publisher.publish(Topics.WEBHOOK, webhook);
        probe.await(e -> webhook.id().equals(e.causationId()), 4, Duration.ofSeconds(60));
        if (i >= 20) {
          latencies.add((System.nanoTime() - sent) / 1e6);
        }
      }
    } finally {
      loop.close();
      consumer.join();
      publisher.close();
    }
    Collections.sort(latencies);
    System.out.printf(
        "webhook event -> pipeline planned + 3 TaskPlanned on a real broker, %d events one at a time: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        latencies.size(),
        percentile(latencies, 50),
        percentile(latencies, 99),
        latencies.get(latencies.size() - 1));
  }

  private static double percentile(List<Double> sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  private static WebhookReceived pullRequest(String sha, int number) {
    return Webhooks.pullRequest(REPO, number + 1, sha)
        .delivery("bench-" + number)
        .sender("bench")
        .build();
  }
}
