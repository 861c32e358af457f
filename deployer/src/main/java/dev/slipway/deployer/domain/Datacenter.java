package dev.slipway.deployer.domain;

import java.util.Optional;

/**
 * A datacenter the deployer can deploy to.
 *
 * @param namespace the Kubernetes namespace (the datacenter's name on podman)
 * @param target empty when nothing is configured to run releases there
 * @param registry empty when no etcd is configured there: the rollout is then not announced
 * @param publicUrl where the datacenter's haproxy answers, e.g. {@code http://127.0.0.1:8401}; a
 *     rolled-out service is reported at {@code <publicUrl>/<service>/}
 */
public record Datacenter(
    String name,
    String namespace,
    Optional<Target> target,
    Optional<ServiceRegistry> registry,
    Optional<String> publicUrl) {

  public Datacenter(
      String name, String namespace, Optional<Target> target, Optional<ServiceRegistry> registry) {
    this(name, namespace, target, registry, Optional.empty());
  }

  /**
   * Where a rolled-out service answers through the datacenter's haproxy, if its address is known.
   */
  public Optional<String> serviceUrl(String service) {
    return proxiedUrl(service, "/");
  }

  /**
   * Where {@code path} of a service (starting with "/") answers through the datacenter's haproxy,
   * by path prefix.
   */
  public Optional<String> proxiedUrl(String service, String path) {
    return publicUrl.map(url -> url.replaceAll("/+$", "") + "/" + service + path);
  }
}
