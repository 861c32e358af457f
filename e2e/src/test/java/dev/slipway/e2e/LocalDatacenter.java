package dev.slipway.e2e;

import dev.slipway.testsupport.etcd.EtcdProcess;
import dev.slipway.testsupport.haproxy.HaproxyWithSync;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One datacenter of the one-machine stack, as {@code ./slipway up} makes it: its own etcd over TLS
 * with client certificates, its own haproxy in master-worker mode, and the ansible haproxy role's
 * sync script watching that etcd and reloading that haproxy.
 */
final class LocalDatacenter implements AutoCloseable {

  private final String name;
  private final EtcdProcess etcd;
  private final HaproxyWithSync haproxy;

  private LocalDatacenter(String name, EtcdProcess etcd, HaproxyWithSync haproxy) {
    this.name = name;
    this.etcd = etcd;
    this.haproxy = haproxy;
  }

  static LocalDatacenter start(String name, Path work) {
    EtcdProcess etcd = EtcdProcess.startWithTls();
    try {
      return new LocalDatacenter(
          name, etcd, HaproxyWithSync.start(work.resolve(name).resolve("haproxy"), etcd, name));
    } catch (IOException | RuntimeException e) {
      etcd.close();
      throw new IllegalStateException("could not start haproxy for " + name, e);
    } catch (InterruptedException e) {
      etcd.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The deployer's settings for this datacenter, as system properties (map keys cannot be env
   * variables).
   */
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

  /** Where this datacenter's haproxy answers; a service answers at {@code url()/<service>/}. */
  String url() {
    return haproxy.url();
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
            "get",
            key,
            "--print-value-only");
    return Command.run(command, Duration.ofSeconds(20)).strip();
  }

  @Override
  public void close() {
    haproxy.close();
    etcd.close();
  }
}
