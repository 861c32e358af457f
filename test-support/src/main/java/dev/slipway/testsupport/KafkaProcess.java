package dev.slipway.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker in an OS process of its own, started from the Kafka jars on the test
 * classpath ({@code kafka.Kafka}, configured as {@code ./slipway up} configures its broker), for a
 * test that takes Kafka away and brings it back: {@link #kill()} ends it with SIGKILL, as a crash
 * would, and {@link #restart()} starts it again on the same ports with the same data. The shared
 * {@link KafkaBroker} cannot be stopped without breaking every other test in the JVM; a {@link
 * KafkaBroker#separate() separate} in-JVM broker offers no restart on the same address (the test
 * kit has none), and stopping it in the test's JVM is a graceful shutdown, not a dead broker. A
 * process of its own starts again in a few seconds, most of them the JVM's start.
 */
public final class KafkaProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path properties;
  private final Path log;
  private final int port;
  private Process process;

  private KafkaProcess(Path properties, Path log, int port) {
    this.properties = properties;
    this.log = log;
    this.port = port;
  }

  /**
   * Formats a fresh data folder under {@code dir} and starts the broker on free loopback ports;
   * returns once it serves clients. Its output goes to {@code kafka.log} in {@code logDir}.
   */
  public static KafkaProcess start(Path dir, Path logDir) {
    int port = FreePorts.take();
    int controllerPort = FreePorts.take();
    Path properties = dir.resolve("server.properties");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          properties,
          String.join(
              "\n",
              "process.roles=broker,controller",
              "node.id=1",
              "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
              "listeners=PLAINTEXT://127.0.0.1:"
                  + port
                  + ",CONTROLLER://127.0.0.1:"
                  + controllerPort,
              "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
              "controller.listener.names=CONTROLLER",
              "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
              "log.dirs=" + dir.resolve("data"),
              "offsets.topic.replication.factor=1",
              "offsets.topic.num.partitions=3",
              "transaction.state.log.replication.factor=1",
              "transaction.state.log.min.isr=1",
              "transaction.state.log.num.partitions=3",
              "group.initial.rebalance.delay.ms=0",
              "message.max.bytes=41943040",
              "socket.request.max.bytes=209715200",
              "log.cleaner.dedupe.buffer.size=16777216",
              // Started again, the controller takes the broker back only once the session of its
              // killed incarnation has expired: 9 s by default, most of a restart.
              "broker.heartbeat.interval.ms=500",
              "broker.session.timeout.ms=1500",
              ""));
      // Kafka logs through SLF4J, which finds JBoss LogManager on the test classpath.
      Files.writeString(
          dir.resolve("logging.properties"),
          String.join(
              "\n",
              "logger.level=INFO",
              "logger.handlers=CONSOLE",
              "handler.CONSOLE=org.jboss.logmanager.handlers.ConsoleHandler",
              "handler.CONSOLE.formatter=PATTERN",
              "formatter.PATTERN=org.jboss.logmanager.formatters.PatternFormatter",
              "formatter.PATTERN.properties=pattern",
              "formatter.PATTERN.pattern=%d{HH:mm:ss.SSS} %-5p [%c{1.}] %s%e%n",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KafkaProcess kafka = new KafkaProcess(properties, logDir.resolve("kafka.log"), port);
    kafka.run(
        "kafka.tools.StorageTool",
        "format",
        "-t",
        Uuid.randomUuid().toString(),
        "-c",
        properties.toString());
    kafka.restart();
    return kafka;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** SIGKILL, as a crashed broker or an OOM kill would end it; returns once the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts the broker (again) on the same ports and data; returns once it serves clients. */
  public void restart() {
    if (process != null && process.isAlive()) {
      kill();
    }
    process = launch("kafka.Kafka", properties.toString());
    awaitServing();
  }

  private void run(String mainClass, String... arguments) {
    Process tool = launch(mainClass, arguments);
    try {
      if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
        tool.destroyForcibly();
        throw new IllegalStateException(mainClass + " failed, see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Process launch(String mainClass, String... arguments) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dlogging.configuration="
                    + properties.resolveSibling("logging.properties").toUri(),
                "-cp",
                brokerClasspath(),
                mainClass));
    command.addAll(List.of(arguments));
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + mainClass, e);
    }
  }

  /**
   * The test's classpath without Quarkus' jars: the broker needs none of them, and one of them
   * makes JBoss LogManager, which Kafka's SLF4J logging reaches here, hold every record back until
   * a Quarkus application configures logging, so the broker would log nothing.
   */
  private static String brokerClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains(File.separator + "quarkus"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Until a client sees a broker that is not fenced: the port alone opens before that. */
  private void awaitServing() {
    Instant end = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(end)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the Kafka broker exited with " + process.exitValue() + ", see " + log);
      }
      if (listening() && brokers() > 0) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    throw new IllegalStateException(
        "the Kafka broker did not serve within " + START_TIMEOUT + ", see " + log);
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private int brokers() {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
      return admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(2000))
          .nodes()
          .get(3, TimeUnit.SECONDS)
          .size();
    } catch (Exception notYet) {
      return 0;
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
