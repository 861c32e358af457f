package dev.slipway.deployer.k8s;

import dev.slipway.deployer.domain.DeploymentSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps the deployer's Deployment model to the Kubernetes API object. */
final class DeploymentMapper {

  private DeploymentMapper() {}

  /**
   * @param extraAnnotations set on the Deployment only, not on its pods (rollback bookkeeping)
   */
  static Deployment toDeployment(DeploymentSpec spec, Map<String, String> extraAnnotations) {
    Map<String, String> annotations = new LinkedHashMap<>(spec.annotations());
    annotations.putAll(extraAnnotations);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(spec.namespace())
        .withLabels(spec.labels())
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withReplicas(spec.replicas())
        .withNewSelector()
        .withMatchLabels(spec.selector())
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(spec.labels())
        .withAnnotations(spec.annotations())
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(spec.name())
        .withImage(spec.image())
        .addNewPort()
        .withName("http")
        .withContainerPort(spec.containerPort())
        .endPort()
        .withReadinessProbe(probe(spec.readiness()))
        .withLivenessProbe(probe(spec.liveness()))
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The NodePort Service in front of the Deployment's pods, selected by {@code app} like the
   * Deployment, so it outlives every release.
   *
   * @param nodePort the node port the Service has already; null to let the API server pick one
   */
  static Service toService(DeploymentSpec spec, Integer nodePort) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(spec.namespace())
        .withLabels(spec.labels())
        .withAnnotations(spec.annotations())
        .endMetadata()
        .withNewSpec()
        .withType("NodePort")
        .withSelector(spec.selector())
        .addNewPort()
        .withName("http")
        .withProtocol("TCP")
        .withPort(spec.containerPort())
        .withTargetPort(new IntOrString(spec.containerPort()))
        .withNodePort(nodePort)
        .endPort()
        .endSpec()
        .build();
  }

  private static Probe probe(DeploymentSpec.Probe probe) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(probe.path())
        .withPort(new IntOrString(probe.port()))
        .endHttpGet()
        .withInitialDelaySeconds(probe.initialDelaySeconds())
        .withPeriodSeconds(probe.periodSeconds())
        .withFailureThreshold(probe.failureThreshold())
        .build();
  }
}
