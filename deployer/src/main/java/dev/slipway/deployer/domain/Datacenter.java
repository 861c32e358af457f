package dev.slipway.deployer.domain;

import java.util.Optional;

/**
 * A datacenter the deployer can deploy to.
 *
 * @param cluster empty when no Kubernetes cluster is configured there
 * @param registry empty when no etcd is configured there: the rollout is then not announced
 */
public record Datacenter(String name, String namespace, Optional<Cluster> cluster, Optional<ServiceRegistry> registry) {}
