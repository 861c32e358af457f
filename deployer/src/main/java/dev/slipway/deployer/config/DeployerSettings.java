package dev.slipway.deployer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The deployer's settings ({@code slipway.deployer.*}); every one is documented in the README. */
@ConfigMapping(prefix = "slipway.deployer")
public interface DeployerSettings {

  /** How long a rollout (and, after it, a rollback) may take before it counts as failed. */
  @WithDefault("5m")
  Duration rolloutTimeout();

  /** How often the Deployment's status is read while waiting for a rollout. */
  @WithDefault("2s")
  Duration rolloutPollInterval();

  /**
   * How long a registered release may take to be served through its datacenter's proxy (where its
   * {@code public-url} is known) before it is reported rolled out anyway, with a warning; 0: no
   * check.
   */
  @WithDefault("15s")
  Duration serveTimeout();

  /** How long an etcd call may take before the event is retried. */
  @WithDefault("10s")
  Duration etcdTimeout();

  /**
   * Where the deployer keeps its own files: podman's configuration and storage ({@code
   * <state-dir>/containers}).
   */
  @WithDefault("${java.io.tmpdir}/slipway-deployer")
  String stateDir();

  /**
   * Registries ({@code host:port}) pulled from without TLS verification, e.g. the local stack's
   * plain-HTTP one.
   */
  Optional<List<String>> insecureRegistries();

  /**
   * A containers-auth.json (podman's {@code --authfile} format) with the accounts the local
   * datacenters pull release images with; none when the registry answers anonymous pulls.
   */
  Optional<String> registryAuthFile();

  /** How long a retired podman container may take to stop before it is killed. */
  @WithDefault("5s")
  Duration stopGrace();

  /** The datacenters deployed to, by the name image-pushed events carry. */
  Map<String, DatacenterSettings> datacenters();

  interface DatacenterSettings {

    @WithDefault("kubernetes")
    Kind kind();

    /** The kubeconfig file of the datacenter's cluster; absent: the in-cluster service account. */
    Optional<String> kubeconfig();

    @WithDefault("default")
    String namespace();

    /** The datacenter's etcd, e.g. https://10.0.0.1:2379; absent: rollouts are not announced. */
    Optional<List<String>> etcdEndpoints();

    EtcdTlsSettings etcdTls();

    /**
     * Where the datacenter's haproxy answers, e.g. http://127.0.0.1:8401; reported as {@code
     * <public-url>/<service>/}.
     */
    Optional<String> publicUrl();

    /**
     * Kubernetes: the node addresses haproxy reaches node ports on; registered as {@code
     * node:nodePort}.
     */
    Optional<List<String>> nodes();
  }

  interface EtcdTlsSettings {
    Optional<String> ca();

    Optional<String> cert();

    /** PKCS#8 PEM: jetcd reads no other key format. */
    Optional<String> key();
  }

  enum Kind {
    /** A Kubernetes cluster, reached through {@code kubeconfig}. */
    KUBERNETES,
    /** The one-machine stack: every replica is a podman container on this machine. */
    LOCAL
  }
}
