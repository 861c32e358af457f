package dev.slipway.deployer.k8s;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Plays Kubernetes' deployment controller against the mock API server, which has none: every
 * Deployment's status follows its newest spec, and its pods become available only when their image
 * is one {@code healthy} accepts. It also plays the API server's node port allocator: a NodePort
 * Service without a node port gets the next free one from 30000.
 */
public final class FakeDeploymentController implements AutoCloseable {

  private final KubernetesClient client;
  private final Predicate<String> healthy;
  private final AtomicInteger nextNodePort = new AtomicInteger(30000);
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();

  private FakeDeploymentController(KubernetesClient client, Predicate<String> healthy) {
    this.client = client;
    this.healthy = healthy;
  }

  public static FakeDeploymentController start(KubernetesClient client, Predicate<String> healthy) {
    FakeDeploymentController controller = new FakeDeploymentController(client, healthy);
    controller.loop.scheduleWithFixedDelay(controller::reconcileAll, 0, 50, TimeUnit.MILLISECONDS);
    return controller;
  }

  private void reconcileAll() {
    try {
      client.apps().deployments().inAnyNamespace().list().getItems().forEach(this::reconcile);
      client.services().inAnyNamespace().list().getItems().forEach(this::allocateNodePort);
    } catch (KubernetesClientException e) {
      // A write raced with ours; the next round sees the newer object.
    }
  }

  private void reconcile(Deployment deployment) {
    int replicas =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    String image = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    int available = healthy.test(image) ? replicas : 0;
    DeploymentStatus status =
        new DeploymentStatusBuilder()
            .withObservedGeneration(deployment.getMetadata().getGeneration())
            .withReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withReadyReplicas(available)
            .withAvailableReplicas(available)
            .build();
    if (!Objects.equals(status, deployment.getStatus())) {
      deployment.setStatus(status);
      client.resource(deployment).updateStatus();
    }
  }

  private void allocateNodePort(Service service) {
    if (!"NodePort".equals(service.getSpec().getType())) {
      return;
    }
    ServicePort port = service.getSpec().getPorts().get(0);
    if (port.getNodePort() == null) {
      port.setNodePort(nextNodePort.getAndIncrement());
      client.resource(service).update();
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
    // The mock server is shared by the test class: a reconcile still running would write into the
    // next test's cluster.
    try {
      loop.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
