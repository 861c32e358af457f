package dev.slipway.deployer.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.util.Optional;

/** Builds a datacenter's Kubernetes client; building one does not contact the cluster. */
public final class KubernetesClients {

  private KubernetesClients() {}

  /**
   * @param kubeconfig the datacenter's kubeconfig file; empty for the in-cluster service account
   */
  public static KubernetesClient forKubeconfig(Optional<String> kubeconfig) {
    Config config =
        kubeconfig
            .map(path -> Config.fromKubeconfig(new File(path)))
            .orElseGet(() -> Config.autoConfigure(null));
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
