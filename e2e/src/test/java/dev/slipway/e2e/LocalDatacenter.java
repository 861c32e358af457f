package dev.slipway.e2e;

import static org.awaitility.Awaitility.await;

import dev.slipway.testsupport.ServiceProcess;
import dev.slipway.testsupport.etcd.EtcdProcess;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One datacenter of the one-machine stack, as {@code ./slipway up} makes it: its own etcd over TLS
 * with client certificates, its own haproxy in master-worker mode, and the ansible haproxy role's
 * sync script watching that etcd and reloading that haproxy.
 */
final class LocalDatacenter implements AutoCloseable {

  private final String name;
  private final EtcdProcess etcd;
  private final int haproxyPort;
  private final List<Process> processes = new ArrayList<>();

  private LocalDatacenter(String name, EtcdProcess etcd, int haproxyPort) {
    this.name = name;
    this.etcd = etcd;
    this.haproxyPort = haproxyPort;
  }

  static LocalDatacenter start(String name, Path work) {
    EtcdProcess etcd = EtcdProcess.startWithTls();
    LocalDatacenter datacenter = new LocalDatacenter(name, etcd, EtcdProcess.freePort());
    try {
      datacenter.startHaproxy(Files.createDirectories(work.resolve(name).resolve("haproxy")));
    } catch (IOException | RuntimeException e) {
      datacenter.close();
      throw new IllegalStateException("could not start haproxy for " + name, e);
    }
    return datacenter;
  }

  private void startHaproxy(Path dir) throws IOException {
    Path root = ServiceProcess.projectRoot();
    Path main = dir.resolve("haproxy.cfg");
    Files.writeString(main, Files.readString(root.resolve("stack/haproxy/haproxy.cfg")));
    List<String> sync = syncCommand(root, dir, main);
    List<String> render = new ArrayList<>(sync);
    render.add("--no-reload");
    run(render, dir.resolve("render.log"));
    Process haproxy =
        launch(
            List.of("haproxy", "-W", "-db", "-f", main.toString(), "-f", dir.resolve("services.cfg").toString()),
            dir.resolve("haproxy.log"));
    List<String> watch = new ArrayList<>(sync);
    watch.addAll(List.of("--watch", "--reload-command", "kill -USR2 " + haproxy.pid()));
    launch(watch, dir.resolve("sync.log"));
    await().atMost(Duration.ofSeconds(20)).until(() -> answers(url()));
  }

  private List<String> syncCommand(Path root, Path dir, Path main) {
    return List.of(
        "env",
        "ETCDCTL_API=3",
        "ETCDCTL_ENDPOINTS=" + etcd.endpoint(),
        "ETCDCTL_CACERT=" + etcd.certificates().ca(),
        "ETCDCTL_CERT=" + etcd.certificates().clientCert(),
        "ETCDCTL_KEY=" + etcd.certificates().clientKeyPem(),
        "python3",
        root.resolve("ansible/roles/haproxy/files/slipway-haproxy-sync").toString(),
        "--datacenter", name,
        "--bind", "127.0.0.1:" + haproxyPort,
        "--upstreams", "127.0.0.1",
        "--domain", name + ".slipway.localhost",
        "--output", dir.resolve("services.cfg").toString(),
        "--main-config", main.toString());
  }

  /** The deployer's settings for this datacenter, as system properties (map keys cannot be env variables). */
  List<String> deployerProperties() {
    String prefix = "-Dslipway.deployer.datacenters." + name + ".";
    return List.of(
        prefix + "kind=local",
        prefix + "etcd-endpoints=" + etcd.endpoint(),
        prefix + "etcd-tls.ca=" + etcd.certificates().ca(),
        prefix + "etcd-tls.cert=" + etcd.certificates().clientCert(),
        prefix + "etcd-tls.key=" + etcd.certificates().clientKey(),
        prefix + "public-url=" + url());
  }

  String name() {
    return name;
  }

  EtcdProcess etcd() {
    return etcd;
  }

  /** Where this datacenter's haproxy answers; a service answers at {@code url()/<service>/}. */
  String url() {
    return "http://127.0.0.1:" + haproxyPort;
  }

  /** The value etcd holds at {@code key}, read with etcdctl over TLS; empty when there is none. */
  String etcdValue(String key) {
    List<String> command =
        List.of(
            "etcdctl",
            "--endpoints=" + etcd.endpoint(),
            "--cacert=" + etcd.certificates().ca(),
            "--cert=" + etcd.certificates().clientCert(),
            "--key=" + etcd.certificates().clientKeyPem(),
            "get", key, "--print-value-only");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes()).strip();
      if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("etcdctl get " + key + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Process launch(List<String> command, Path log) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(process);
    return process;
  }

  private static void run(List<String> command, Path log) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code url} answers HTTP at all (a 503 from haproxy counts). */
  static boolean answers(String url) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setConnectTimeout(2000);
      connection.setReadTimeout(2000);
      connection.getResponseCode();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    etcd.close();
  }
}
