package dev.slipway.deployer.config;

import dev.slipway.deployer.config.DeployerSettings.DatacenterSettings;
import dev.slipway.deployer.config.DeployerSettings.EtcdTlsSettings;
import dev.slipway.deployer.config.DeployerSettings.Kind;
import dev.slipway.deployer.domain.Cluster;
import dev.slipway.deployer.domain.Datacenter;
import dev.slipway.deployer.domain.Datacenters;
import dev.slipway.deployer.domain.KnownDatacenters;
import dev.slipway.deployer.domain.ServiceRegistry;
import dev.slipway.deployer.etcd.EtcdClients;
import dev.slipway.deployer.etcd.EtcdServiceRegistry;
import dev.slipway.deployer.k8s.KubernetesClients;
import dev.slipway.deployer.k8s.KubernetesCluster;
import io.etcd.jetcd.Client;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configured datacenters with one Kubernetes client and one etcd client each, built once at
 * start-up (which reads files but contacts nothing) and closed with the service.
 */
final class ConfiguredDatacenters implements AutoCloseable {

  private final List<AutoCloseable> clients = new ArrayList<>();
  private final Datacenters datacenters;

  ConfiguredDatacenters(DeployerSettings settings, Clock clock) {
    List<Datacenter> built = new ArrayList<>();
    settings.datacenters().forEach((name, datacenter) -> built.add(build(name, datacenter, settings, clock)));
    this.datacenters = KnownDatacenters.of(built);
  }

  Datacenters datacenters() {
    return datacenters;
  }

  private Datacenter build(String name, DatacenterSettings datacenter, DeployerSettings settings, Clock clock) {
    Optional<Cluster> cluster = Optional.empty();
    if (datacenter.kind() == Kind.KUBERNETES) {
      KubernetesClient client = KubernetesClients.forKubeconfig(datacenter.kubeconfig());
      clients.add(client);
      cluster = Optional.of(new KubernetesCluster(name, client, settings.rolloutPollInterval(), clock));
    }
    Optional<ServiceRegistry> registry = Optional.empty();
    if (datacenter.etcdEndpoints().isPresent()) {
      Client client = EtcdClients.connect(datacenter.etcdEndpoints().get(), tls(name, datacenter.etcdTls()), settings.etcdTimeout());
      clients.add(client);
      registry = Optional.of(new EtcdServiceRegistry(client, settings.etcdTimeout()));
    }
    return new Datacenter(name, datacenter.namespace(), cluster, registry);
  }

  private static Optional<EtcdClients.Tls> tls(String name, EtcdTlsSettings tls) {
    if (tls.ca().isEmpty()) {
      if (tls.cert().isPresent() || tls.key().isPresent()) {
        throw new IllegalArgumentException(
            "slipway.deployer.datacenters." + name + ".etcd-tls: a client cert needs the ca that signed etcd's certificate");
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
