package dev.slipway.deployer.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A cluster kept in maps: which release each Deployment runs, and which images become available. */
final class FakeCluster implements Cluster {

  private final Map<String, String> runningRelease = new HashMap<>();
  private final Map<String, String> runningImage = new HashMap<>();
  private final Map<String, String> previousRelease = new HashMap<>();
  private final Map<String, String> previousImage = new HashMap<>();
  private final List<String> healthyImages = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private ClusterRefusedException refusal;

  FakeCluster running(String name, String releaseId, String image) {
    runningRelease.put(name, releaseId);
    runningImage.put(name, image);
    return this;
  }

  FakeCluster healthy(String image) {
    healthyImages.add(image);
    return this;
  }

  FakeCluster refusing(String message) {
    refusal = new ClusterRefusedException(message, null);
    return this;
  }

  Optional<String> releaseOf(String name) {
    return Optional.ofNullable(runningRelease.get(name));
  }

  List<String> calls() {
    return calls;
  }

  @Override
  public Optional<PreviousRevision> apply(DeploymentSpec spec) {
    calls.add("apply " + spec.name());
    if (refusal != null) {
      throw refusal;
    }
    Optional<PreviousRevision> previous = Optional.ofNullable(runningRelease.get(spec.name())).map(PreviousRevision::new);
    previous.ifPresent(
        p -> {
          previousRelease.put(spec.name(), p.releaseId());
          previousImage.put(spec.name(), runningImage.get(spec.name()));
        });
    running(spec.name(), spec.releaseId(), spec.image());
    return previous;
  }

  @Override
  public RolloutStatus awaitRollout(DeploymentSpec spec, Duration timeout) {
    calls.add("await " + spec.name());
    boolean healthy = healthyImages.contains(runningImage.get(spec.name()));
    return new RolloutStatus(healthy, healthy ? "all available" : "0/" + spec.replicas() + " available");
  }

  @Override
  public void rollBack(DeploymentSpec spec) {
    calls.add("rollBack " + spec.name());
    running(spec.name(), previousRelease.get(spec.name()), previousImage.get(spec.name()));
  }

  @Override
  public void remove(DeploymentSpec spec) {
    calls.add("remove " + spec.name());
    runningRelease.remove(spec.name());
    runningImage.remove(spec.name());
  }
}
