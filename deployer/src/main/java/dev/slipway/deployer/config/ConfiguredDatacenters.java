package dev.slipway.deployer.config;

import dev.slipway.deployer.config.DeployerSettings.DatacenterSettings;
import dev.slipway.deployer.config.DeployerSettings.EtcdTlsSettings;
import dev.slipway.deployer.domain.Datacenter;
import dev.slipway.deployer.domain.Datacenters;
import dev.slipway.deployer.domain.KnownDatacenters;
import dev.slipway.deployer.domain.ServiceRegistry;
import dev.slipway.deployer.domain.Target;
import dev.slipway.deployer.etcd.EtcdClients;
import dev.slipway.deployer.etcd.EtcdServiceRegistry;
import dev.slipway.deployer.http.HttpHealthProbe;
import dev.slipway.deployer.k8s.KubernetesClients;
import dev.slipway.deployer.k8s.KubernetesCluster;
import dev.slipway.deployer.podman.PodmanTarget;
import dev.slipway.platform.containers.Podman;
import io.etcd.jetcd.Client;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured datacenters with one Kubernetes client (or the machine's podman) and one etcd
 * client each, built once at start-up (which reads and writes files but contacts nothing) and
 * closed with the service.
 */
final class ConfiguredDatacenters implements AutoCloseable {

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final List<AutoCloseable> clients = new ArrayList<>();
  private final Datacenters datacenters;
  private Podman podman;

  ConfiguredDatacenters(DeployerSettings settings, Clock clock) {
    List<Datacenter> built = new ArrayList<>();
    settings
        .datacenters()
        .forEach((name, datacenter) -> built.add(build(name, datacenter, settings, clock)));
    this.datacenters = KnownDatacenters.of(built);
  }

  Datacenters datacenters() {
    return datacenters;
  }

  private Datacenter build(
      String name, DatacenterSettings datacenter, DeployerSettings settings, Clock clock) {
    Target target;
    switch (datacenter.kind()) {
      case LOCAL:
        target =
            new PodmanTarget(
                name,
                podman(settings),
                Set.copyOf(settings.insecureRegistries().orElse(List.of())),
                settings.registryAuthFile().map(Path::of),
                new HttpHealthProbe(PROBE_TIMEOUT),
                settings.rolloutPollInterval(),
                settings.stopGrace(),
                clock);
        break;
      case KUBERNETES:
      default:
        KubernetesClient client = KubernetesClients.forKubeconfig(datacenter.kubeconfig());
        clients.add(client);
        target =
            new KubernetesCluster(
                name,
                client,
                datacenter.nodes().orElse(List.of()),
                settings.rolloutPollInterval(),
                clock);
        break;
    }
    Optional<ServiceRegistry> registry = Optional.empty();
    if (datacenter.etcdEndpoints().isPresent()) {
      Client client =
          EtcdClients.connect(
              datacenter.etcdEndpoints().get(),
              tls(name, datacenter.etcdTls()),
              settings.etcdTimeout());
      clients.add(client);
      registry = Optional.of(new EtcdServiceRegistry(client, settings.etcdTimeout()));
    }
    String namespace =
        datacenter.kind() == DeployerSettings.Kind.LOCAL ? name : datacenter.namespace();
    datacenter.publicUrl().ifPresent(url -> checkPublicUrl(name, url));
    return new Datacenter(name, namespace, Optional.of(target), registry, datacenter.publicUrl());
  }

  /**
   * One podman configuration for every local datacenter; its containers carry their datacenter's
   * label.
   */
  private Podman podman(DeployerSettings settings) {
    if (podman == null) {
      podman = new Podman(Path.of(settings.stateDir()).resolve("containers"));
    }
    return podman;
  }

  /**
   * Its services are reported at, and fetched through, this address: a typo must stop the service,
   * not every deployment.
   */
  private static void checkPublicUrl(String name, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "slipway.deployer.datacenters." + name + ".public-url: not a URL: " + url, e);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "slipway.deployer.datacenters."
              + name
              + ".public-url: expected http(s)://host[:port], not "
              + url);
    }
  }

  private static Optional<EtcdClients.Tls> tls(String name, EtcdTlsSettings tls) {
    if (tls.ca().isEmpty()) {
      if (tls.cert().isPresent() || tls.key().isPresent()) {
        throw new IllegalArgumentException(
            "slipway.deployer.datacenters."
                + name
                + ".etcd-tls: a client cert needs the ca that signed etcd's certificate");
      }
      return Optional.empty();
    }
    return Optional.of(new EtcdClients.Tls(tls.ca().get(), tls.cert(), tls.key()));
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
  }
}
