package dev.slipway.deployer.podman;

import dev.slipway.testsupport.etcd.EtcdProcess;
import dev.slipway.testsupport.etcd.TestCertificates;
import java.io.IOException;
import java.net.ServerSocket;
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
 * A real haproxy in master-worker mode, as the local stack runs it, with the role's sync script in
 * watch mode feeding it from etcd (over TLS, through etcdctl's ETCDCTL_* environment).
 */
final class HaproxyWithSync implements AutoCloseable {

  private static final Path SYNC = Path.of("..", "ansible", "roles", "haproxy", "files", "slipway-haproxy-sync");
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private final int port;
  private final Process haproxy;
  private final Process sync;

  private HaproxyWithSync(int port, Process haproxy, Process sync) {
    this.port = port;
    this.haproxy = haproxy;
    this.sync = sync;
  }

  static HaproxyWithSync start(Path dir, EtcdProcess etcd, String datacenter) throws Exception {
    Files.createDirectories(dir);
    int port = freePort();
    Path main = dir.resolve("main.cfg");
    Path services = dir.resolve("services.cfg");
    Path pidfile = dir.resolve("haproxy.pid");
    Files.writeString(
        main,
        String.join(
            "\n",
            "global",
            "    maxconn 256",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 10s",
            "    timeout server 10s",
            ""));
    TestCertificates certificates = etcd.certificates();
    Map<String, String> environment =
        Map.of(
            "ETCDCTL_ENDPOINTS", etcd.endpoint(),
            "ETCDCTL_CACERT", certificates.ca().toString(),
            "ETCDCTL_CERT", certificates.clientCert().toString(),
            "ETCDCTL_KEY", certificates.clientKeyPem().toString());
    List<String> sync =
        List.of(
            "python3", SYNC.toString(),
            "--datacenter=" + datacenter,
            "--bind=127.0.0.1:" + port,
            "--domain=" + datacenter + ".localhost",
            "--main-config=" + main,
            "--output=" + services,
            "--haproxy-pidfile=" + pidfile);
    // The first file before haproxy starts, as the stack does it; then the watch keeps it current.
    ProcessBuilder once = new ProcessBuilder(concat(sync, "--no-reload")).redirectErrorStream(true).redirectOutput(dir.resolve("sync-once.log").toFile());
    once.environment().putAll(environment);
    Process first = once.start();
    if (!first.waitFor(30, TimeUnit.SECONDS) || first.exitValue() != 0) {
      throw new IllegalStateException("the first sync failed: " + Files.readString(dir.resolve("sync-once.log")));
    }
    Process haproxy =
        new ProcessBuilder("haproxy", "-W", "-f", main.toString(), "-f", services.toString(), "-p", pidfile.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("haproxy.log").toFile())
            .start();
    ProcessBuilder watch =
        new ProcessBuilder(concat(sync, "--watch", "--resync-interval=5")).redirectErrorStream(true).redirectOutput(dir.resolve("sync.log").toFile());
    watch.environment().putAll(environment);
    return new HaproxyWithSync(port, haproxy, watch.start());
  }

  private static List<String> concat(List<String> command, String... more) {
    return Stream.concat(command.stream(), Arrays.stream(more)).toList();
  }

  String get(String path) {
    try {
      HttpResponse<String> response = send(path);
      return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode();
    } catch (IOException e) {
      return e.toString();
    }
  }

  int status(String path) throws IOException {
    return send(path).statusCode();
  }

  private HttpResponse<String> send(String path) throws IOException {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    sync.destroy();
    haproxy.destroy();
    sync.waitFor(10, TimeUnit.SECONDS);
    haproxy.waitFor(10, TimeUnit.SECONDS);
  }
}
