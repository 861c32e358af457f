package dev.slipway.deployer.domain;

import java.util.Map;

/**
 * The Deployment of one release, independent of any Kubernetes client library: the k8s adapter maps
 * it to the API's objects.
 *
 * @param selector the labels that pick the service's pods; only {@code app}, because a Deployment's
 *     selector cannot change from one release to the next
 * @param labels the labels on the Deployment and its pods
 * @param annotations the annotations on the Deployment and its pod template
 * @param repository the repository that releases the service ({@code org/repo}), its owner
 * @param releaseNumber the release's number within its repository: a higher one is newer
 */
public record DeploymentSpec(
    String name,
    String datacenter,
    String repository,
    int releaseNumber,
    String namespace,
    Map<String, String> selector,
    Map<String, String> labels,
    Map<String, String> annotations,
    String image,
    int replicas,
    int containerPort,
    Probe readiness,
    Probe liveness) {

  public static final String RELEASE_ANNOTATION = "slipway.dev/release";

  /** The owning repository, exactly (the {@code slipway.repo} label holds it made label-safe). */
  public static final String REPO_ANNOTATION = "slipway.dev/repo";

  public DeploymentSpec {
    selector = Map.copyOf(selector);
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  public String healthPath() {
    return readiness.path();
  }

  public String releaseId() {
    return annotations.get(RELEASE_ANNOTATION);
  }

  /** An HTTP GET probe on the container's port. */
  public record Probe(
      String path, int port, int initialDelaySeconds, int periodSeconds, int failureThreshold) {}
}
