package dev.slipway.testsupport.etcd;

import dev.slipway.testsupport.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-member etcd ({@code etcd} on the PATH; Debian's {@code etcd-server}) on free
 * loopback ports with a temporary data directory, serving clients over TLS with client-certificate
 * authentication.
 */
public final class EtcdProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Path dir;
  private final TestCertificates certificates;
  private final String endpoint;
  private final Process process;

  private EtcdProcess(Path dir, TestCertificates certificates, String endpoint, Process process) {
    this.dir = dir;
    this.certificates = certificates;
    this.endpoint = endpoint;
    this.process = process;
  }

  public static EtcdProcess startWithTls() {
    try {
      Path dir = Files.createTempDirectory("slipway-etcd-");
      TestCertificates certificates = TestCertificates.generate(dir);
      int clientPort = FreePorts.take();
      int peerPort = FreePorts.take();
      String endpoint = "https://127.0.0.1:" + clientPort;
      String peer = "http://127.0.0.1:" + peerPort;
      Path log = dir.resolve("etcd.log");
      Process process =
          new ProcessBuilder(
                  List.of(
                      "etcd",
                      "--name",
                      "test",
                      "--data-dir",
                      dir.resolve("data").toString(),
                      "--listen-client-urls",
                      endpoint,
                      "--advertise-client-urls",
                      endpoint,
                      "--listen-peer-urls",
                      peer,
                      "--initial-advertise-peer-urls",
                      peer,
                      "--initial-cluster",
                      "test=" + peer,
                      "--cert-file",
                      certificates.serverCert().toString(),
                      "--key-file",
                      certificates.serverKey().toString(),
                      "--trusted-ca-file",
                      certificates.ca().toString(),
                      "--client-cert-auth"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      EtcdProcess etcd = new EtcdProcess(dir, certificates, endpoint, process);
      etcd.awaitReady(log);
      return etcd;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start etcd", e);
    }
  }

  public String endpoint() {
    return endpoint;
  }

  public TestCertificates certificates() {
    return certificates;
  }

  private void awaitReady(Path log) throws IOException {
    Instant end = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(end)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited: " + Files.readString(log));
      }
      if (Files.readString(log).contains("ready to serve client requests")) {
        return;
      }
      pause();
    }
    close();
    throw new IllegalStateException(
        "etcd not ready within " + START_TIMEOUT + ": " + Files.readString(log));
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
