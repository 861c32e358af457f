package dev.slipway.testsupport.haproxy;

import dev.slipway.testsupport.FreePorts;
import dev.slipway.testsupport.ServiceProcess;
import dev.slipway.testsupport.etcd.EtcdProcess;
import dev.slipway.testsupport.etcd.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real haproxy in master-worker mode, as the local stack runs it ({@code
 * stack/haproxy/haproxy.cfg}), with the ansible role's sync script in watch mode feeding it from
 * etcd (over TLS, through etcdctl's ETCDCTL_* environment).
 */
public final class HaproxyWithSync implements AutoCloseable {

  private static final Path SYNC =
      Path.of("ansible", "roles", "haproxy", "files", "slipway-haproxy-sync");
  private static final Path MAIN_CONFIG = Path.of("stack", "haproxy", "haproxy.cfg");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private final int port;
  private final Process haproxy;
  private final Process sync;

  private HaproxyWithSync(int port, Process haproxy, Process sync) {
    this.port = port;
    this.haproxy = haproxy;
    this.sync = sync;
  }

  /**
   * Starts haproxy for {@code datacenter} on a free port, from what {@code etcd} holds, and the
   * sync that follows it.
   */
  public static HaproxyWithSync start(Path dir, EtcdProcess etcd, String datacenter)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path root = ServiceProcess.projectRoot();
    int port = FreePorts.take();
    Path main = dir.resolve("main.cfg");
    Path services = dir.resolve("services.cfg");
    Path pidfile = dir.resolve("haproxy.pid");
    Files.copy(root.resolve(MAIN_CONFIG), main, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    TestCertificates certificates = etcd.certificates();
    Map<String, String> environment =
        Map.of(
            "ETCDCTL_ENDPOINTS", etcd.endpoint(),
            "ETCDCTL_CACERT", certificates.ca().toString(),
            "ETCDCTL_CERT", certificates.clientCert().toString(),
            "ETCDCTL_KEY", certificates.clientKeyPem().toString());
    List<String> sync =
        List.of(
            "python3",
            root.resolve(SYNC).toString(),
            "--datacenter=" + datacenter,
            "--bind=127.0.0.1:" + port,
            "--domain=" + datacenter + ".localhost",
            "--main-config=" + main,
            "--output=" + services,
            "--haproxy-pidfile=" + pidfile);
    // The first file before haproxy starts, as the stack does it; then the watch keeps it current.
    ProcessBuilder once =
        new ProcessBuilder(concat(sync, "--no-reload"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sync-once.log").toFile());
    once.environment().putAll(environment);
    Process first = once.start();
    if (!first.waitFor(30, TimeUnit.SECONDS) || first.exitValue() != 0) {
      throw new IllegalStateException(
          "the first sync failed: " + Files.readString(dir.resolve("sync-once.log")));
    }
    Process haproxy =
        new ProcessBuilder(
                "haproxy",
                "-W",
                "-f",
                main.toString(),
                "-f",
                services.toString(),
                "-p",
                pidfile.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("haproxy.log").toFile())
            .start();
    ProcessBuilder watch =
        new ProcessBuilder(concat(sync, "--watch", "--resync-interval=5"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sync.log").toFile());
    watch.environment().putAll(environment);
    return new HaproxyWithSync(port, haproxy, watch.start());
  }

  private static List<String> concat(List<String> command, String... more) {
    return Stream.concat(command.stream(), Arrays.stream(more)).toList();
  }

  /** Where haproxy answers; a service answers at {@code url()/<service>/}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The body of a 200 answer, or {@code HTTP <status>}, or the connection error. */
  public String get(String path) {
    try {
      HttpResponse<String> response = send(path);
      return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode();
    } catch (IOException e) {
      return e.toString();
    }
  }

  public int status(String path) throws IOException {
    return send(path).statusCode();
  }

  private HttpResponse<String> send(String path) throws IOException {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    sync.destroy();
    haproxy.destroy();
    try {
      sync.waitFor(10, TimeUnit.SECONDS);
      haproxy.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
