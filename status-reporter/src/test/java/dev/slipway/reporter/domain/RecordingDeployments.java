package dev.slipway.reporter.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** An in-memory GitHub deployments API: records deployments and their statuses, can go down. */
final class RecordingDeployments implements DeploymentPort {

  record Deployment(
      long id, DeploymentKey key, String ref, int releaseNumber, String description) {}

  record Write(DeploymentKey key, long deploymentId, DeploymentStatus status) {

    DeploymentState state() {
      return status.state();
    }

    String description() {
      return status.description();
    }
  }

  private final List<Deployment> deployments = new ArrayList<>();
  private final List<Write> writes = new ArrayList<>();
  private int lists;
  private long nextId = 500;
  private volatile boolean down;

  @Override
  public synchronized OptionalLong findDeployment(DeploymentKey key, String ref)
      throws GitHubWriteException {
    failIfDown();
    lists++;
    return deployments.stream()
        .filter(d -> d.key().equals(key) && d.ref().equals(ref))
        .mapToLong(Deployment::id)
        .findFirst();
  }

  @Override
  public synchronized long createDeployment(
      DeploymentKey key, String ref, int releaseNumber, String description)
      throws GitHubWriteException {
    failIfDown();
    Deployment deployment = new Deployment(nextId++, key, ref, releaseNumber, description);
    deployments.add(deployment);
    return deployment.id();
  }

  @Override
  public synchronized void createDeploymentStatus(
      DeploymentKey key, long deploymentId, DeploymentStatus status) throws GitHubWriteException {
    failIfDown();
    if (deployments.stream().noneMatch(d -> d.id() == deploymentId)) {
      throw new GitHubWriteException(
          GitHubWriteException.Kind.REJECTED, null, "no deployment " + deploymentId, null);
    }
    writes.add(new Write(key, deploymentId, status));
  }

  @Override
  public synchronized boolean shows(DeploymentKey key, long deploymentId, DeploymentStatus status) {
    for (int i = writes.size() - 1; i >= 0; i--) {
      Write write = writes.get(i);
      if (write.deploymentId() == deploymentId) {
        return write.equals(new Write(key, deploymentId, status));
      }
    }
    return false;
  }

  /**
   * GitHub already has this deployment, as if created by a reporter that died before journalling
   * its id.
   */
  synchronized long alreadyHas(DeploymentKey key, String ref, int releaseNumber) {
    Deployment deployment =
        new Deployment(nextId++, key, ref, releaseNumber, "created before a restart");
    deployments.add(deployment);
    return deployment.id();
  }

  synchronized List<Deployment> deployments() {
    return List.copyOf(deployments);
  }

  synchronized List<Write> writes() {
    return List.copyOf(writes);
  }

  /** How often the reporter asked for an existing deployment. */
  synchronized int lists() {
    return lists;
  }

  void goDown() {
    down = true;
  }

  void comeBack() {
    down = false;
  }

  private void failIfDown() throws GitHubWriteException {
    if (down) {
      throw new GitHubWriteException(
          GitHubWriteException.Kind.UNAVAILABLE, null, "GitHub is down", null);
    }
  }
}
