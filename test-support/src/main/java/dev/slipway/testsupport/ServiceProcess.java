package dev.slipway.testsupport;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Slipway service started as its own JVM from its packaged Quarkus application, the way {@code
 * ./slipway up} runs it, so end-to-end tests cross real process boundaries and can kill a service
 * with SIGKILL.
 */
public final class ServiceProcess implements AutoCloseable {

  private final String module;
  private final Path root;
  private final Map<String, String> environment;
  private final Path log;
  private final int port;

  /**
   * What the service had started when it was killed: as after a crash, it lives on (a podman API
   * service, which the restarted service takes over), and it is stopped with the service.
   */
  private final List<ProcessHandle> leftBehind = new ArrayList<>();

  private Process process;

  private ServiceProcess(
      String module, Path root, Map<String, String> environment, Path log, int port) {
    this.module = module;
    this.root = root;
    this.environment = environment;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts {@code module} (e.g. {@code webhook-gateway}) on a free port with the given settings in
   * Quarkus' environment form, and waits until it is ready. {@code {port}} in a setting's value
   * becomes the port chosen, for settings such as a service's own base URL.
   */
  public static ServiceProcess start(String module, Map<String, String> settings, Path logDir) {
    Path root = projectRoot();
    Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: package the module first (mvn package)");
    }
    int port = FreePorts.take();
    Map<String, String> environment = new LinkedHashMap<>();
    settings.forEach(
        (name, value) -> environment.put(name, value.replace("{port}", String.valueOf(port))));
    environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    environment.putIfAbsent("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.bootstrapServers());
    ServiceProcess service =
        new ServiceProcess(module, root, environment, logDir.resolve(module + ".log"), port);
    service.launch();
    return service;
  }

  /** The checkout's root: the parent of the module whose tests run. */
  public static Path projectRoot() {
    String configured = System.getProperty("slipway.root");
    Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
    if (!Files.isRegularFile(root.resolve("slipway"))) {
      throw new IllegalStateException(root + " is not the Slipway checkout (set -Dslipway.root)");
    }
    return root;
  }

  public String module() {
    return module;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  private void launch() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.add("-jar");
    command.add(root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar").toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + module, e);
    }
    awaitReady(Duration.ofSeconds(90));
  }

  private void awaitReady(Duration timeout) {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            module + " exited with " + process.exitValue() + ", see " + log);
      }
      if (ready()) {
        return;
      }
      sleep(200);
    }
    // A service that missed its deadline would otherwise outlive the failed test and join the
    // consumer groups of the tests after it.
    kill();
    throw new IllegalStateException(module + " not ready within " + timeout + ", see " + log);
  }

  private boolean ready() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create(baseUrl() + "/q/health/ready").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      return connection.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGKILL, as a crashed pod or an OOM kill would end it. */
  public void kill() {
    process.descendants().forEach(leftBehind::add);
    process.destroyForcibly();
    waitForExit();
  }

  /** Starts the service again with the same settings and port. */
  public void restart() {
    if (process.isAlive()) {
      kill();
    }
    launch();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      waitForExit();
    }
    leftBehind.forEach(ProcessHandle::destroy);
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
