package dev.slipway.e2e;

import dev.slipway.testsupport.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The services of a flow, each its own process. They start as many at a time as the machine has
 * cores, not one after another: none waits for another at start, and a JVM's start waits on the
 * disk and the broker as well as computing. More at a time would only share the same cores, and on
 * a busy machine make each late for its readiness deadline.
 */
final class ServiceProcesses implements AutoCloseable {

  private static final String QUICK_TAKEOVER =
      "'-Dslipway.kafka.client.\"session.timeout.ms\"=10000'"
          + " '-Dslipway.kafka.client.\"heartbeat.interval.ms\"=3000'";

  private final List<ServiceProcess> services;

  private ServiceProcesses(List<ServiceProcess> services) {
    this.services = services;
  }

  /**
   * The folder for the services' logs, made if missing: {@code slipway.e2e.logs} (the build gives
   * each surefire fork its own, so two classes running at once never write into one file), else
   * {@code target/e2e-logs}; {@code subfolder} (e.g. {@code release}) within it.
   */
  static Path logs(String... subfolder) {
    try {
      return Files.createDirectories(
          Path.of(System.getProperty("slipway.e2e.logs", "target/e2e-logs"), subfolder));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts every module of {@code settings} (module to its environment, e.g. {@code
   * webhook-gateway} to its secrets) and waits until all are ready; if one does not start, the
   * others are stopped again.
   */
  static ServiceProcesses start(Map<String, Map<String, String>> settings, Path logs) {
    ExecutorService starters =
        Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    List<CompletableFuture<ServiceProcess>> starting = new ArrayList<>();
    settings.forEach(
        (module, environment) ->
            starting.add(
                CompletableFuture.supplyAsync(
                    () -> ServiceProcess.start(module, withQuickTakeover(environment), logs),
                    starters)));
    starters.shutdown();
    List<ServiceProcess> started = new ArrayList<>();
    RuntimeException failure = null;
    for (CompletableFuture<ServiceProcess> service : starting) {
      try {
        started.add(service.join());
      } catch (CompletionException e) {
        failure = failure == null ? new IllegalStateException(e.getCause()) : failure;
      }
    }
    ServiceProcesses processes = new ServiceProcesses(started);
    if (failure != null) {
      processes.close();
      throw failure;
    }
    return processes;
  }

  /**
   * {@code environment} with the Kafka client settings of a quick takeover: when a test kills a
   * service and starts it again, its consumer group waits for the killed member's session to expire
   * before the new one gets the partitions, 45 s by Kafka's default and 10 s here. The JVM keeps
   * the double quotes of a single-quoted JAVA_TOOL_OPTIONS word.
   */
  private static Map<String, String> withQuickTakeover(Map<String, String> environment) {
    Map<String, String> quick = new HashMap<>(environment);
    quick.merge("JAVA_TOOL_OPTIONS", QUICK_TAKEOVER, (own, takeover) -> takeover + " " + own);
    return quick;
  }

  /** The running process of {@code module}, to kill and restart it. */
  ServiceProcess service(String module) {
    return services.stream()
        .filter(service -> service.module().equals(module))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(module + " is not part of the flow"));
  }

  /** Stops the services in the reverse of the order they were named in. */
  @Override
  public void close() {
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).close();
    }
  }
}
