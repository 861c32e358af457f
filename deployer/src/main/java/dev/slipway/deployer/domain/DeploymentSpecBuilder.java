package dev.slipway.deployer.domain;

import dev.slipway.deployer.domain.DeploymentSpec.Probe;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.ImagePushed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Turns a pushed release image and its deploy definition into the Deployment for one namespace. */
public final class DeploymentSpecBuilder {

  public static final String APP_LABEL = "app";
  public static final String RELEASE_LABEL = "slipway.release";
  public static final String REPO_LABEL = "slipway.repo";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
  private static final int LIVENESS_GRACE_SECONDS = 30;

  private DeploymentSpecBuilder() {}

  /**
   * @throws InvalidDeployDefinitionException listing every problem of the definition at once
   */
  public static DeploymentSpec build(ImagePushed release, String namespace) {
    DeployDefinition deploy = release.deploy();
    List<String> problems = problemsOf(release, deploy);
    if (!problems.isEmpty()) {
      throw new InvalidDeployDefinitionException(
          "invalid deploy definition: " + String.join("; ", problems));
    }
    Map<String, String> selector = Map.of(APP_LABEL, deploy.service());
    Map<String, String> labels =
        Map.of(
            APP_LABEL, deploy.service(),
            RELEASE_LABEL, LabelValues.sanitize(release.releaseId()),
            REPO_LABEL, LabelValues.sanitize(release.repository()));
    return new DeploymentSpec(
        deploy.service(),
        release.datacenter(),
        release.repository(),
        release.releaseNumber(),
        namespace,
        selector,
        labels,
        Map.of(
            DeploymentSpec.RELEASE_ANNOTATION,
            release.releaseId(),
            DeploymentSpec.REPO_ANNOTATION,
            release.repository()),
        release.imageReference(),
        deploy.replicas(),
        deploy.port(),
        new Probe(deploy.healthPath(), deploy.port(), 0, 5, 3),
        new Probe(deploy.healthPath(), deploy.port(), LIVENESS_GRACE_SECONDS, 10, 3));
  }

  private static List<String> problemsOf(ImagePushed release, DeployDefinition deploy) {
    List<String> problems = new ArrayList<>();
    if (isBlank(release.image())) {
      problems.add("the image is missing");
    }
    if (release.digest() == null || !DIGEST.matcher(release.digest()).matches()) {
      problems.add("the image digest '" + release.digest() + "' is not of the form algorithm:hex");
    }
    if (deploy == null) {
      problems.add("the release has no deploy section");
      return problems;
    }
    if (deploy.service() == null || !DNS_LABEL.matcher(deploy.service()).matches()) {
      problems.add(
          "service '"
              + deploy.service()
              + "' must be 1-63 lowercase letters, digits or '-', starting and ending alphanumeric");
    }
    if (deploy.replicas() < 1) {
      problems.add("replicas must be at least 1, not " + deploy.replicas());
    }
    if (deploy.port() < 1 || deploy.port() > 65535) {
      problems.add("port must be between 1 and 65535, not " + deploy.port());
    }
    if (deploy.healthPath() == null || !deploy.healthPath().startsWith("/")) {
      problems.add("healthPath must start with '/', not '" + deploy.healthPath() + "'");
    }
    return problems;
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
