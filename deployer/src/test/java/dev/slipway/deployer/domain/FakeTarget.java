package dev.slipway.deployer.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A target kept in maps, shaped like the podman one: a new release starts next to the running one,
 * which goes only when retired. Which images answer is set by the test; every call is recorded.
 */
final class FakeTarget implements Target {

  private final Map<String, String> runningRelease = new HashMap<>();
  private final Map<String, String> runningImage = new HashMap<>();
  private final Map<String, String> runningRepo = new HashMap<>();
  private final Map<String, String> previousRelease = new HashMap<>();
  private final Map<String, String> previousImage = new HashMap<>();
  private final List<String> healthyImages = new ArrayList<>();
  private final List<String> calls;
  private TargetRefusedException refusal;

  FakeTarget(List<String> calls) {
    this.calls = calls;
  }

  FakeTarget running(String name, String releaseId, String image) {
    runningRelease.put(name, releaseId);
    runningImage.put(name, image);
    runningRepo.put(name, "acme/shop");
    return this;
  }

  FakeTarget runningOf(String name, String repo) {
    running(name, "theirs", "registry.test:5000/other@sha256:00");
    runningRepo.put(name, repo);
    return this;
  }

  FakeTarget healthy(String image) {
    healthyImages.add(image);
    return this;
  }

  FakeTarget refusing(String message) {
    refusal = new TargetRefusedException(message, null);
    return this;
  }

  Optional<String> releaseOf(String name) {
    return Optional.ofNullable(runningRelease.get(name));
  }

  @Override
  public Optional<PreviousRevision> apply(DeploymentSpec spec) {
    calls.add("apply " + spec.releaseId());
    if (refusal != null) {
      throw refusal;
    }
    String repo = runningRepo.get(spec.name());
    if (repo != null && !repo.equals(spec.repository())) {
      throw new ServiceOwnedElsewhereException(spec.name(), repo);
    }
    Optional<PreviousRevision> previous =
        Optional.ofNullable(runningRelease.get(spec.name())).map(PreviousRevision::new);
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
    calls.add("await " + spec.releaseId());
    boolean healthy = healthyImages.contains(runningImage.get(spec.name()));
    return healthy
        ? new RolloutStatus(
            true, "all answer", List.of("127.0.0.1:4001", "127.0.0.1:4002"), spec.containerPort())
        : RolloutStatus.incomplete("GET " + spec.healthPath() + " answered HTTP 404");
  }

  @Override
  public void retirePrevious(DeploymentSpec spec) {
    calls.add("retire before " + spec.releaseId());
  }

  @Override
  public RolloutStatus rollBack(DeploymentSpec spec, Duration timeout) {
    calls.add("rollBack " + spec.releaseId());
    running(spec.name(), previousRelease.get(spec.name()), previousImage.get(spec.name()));
    return awaitRollout(spec, timeout);
  }

  @Override
  public void remove(DeploymentSpec spec) {
    calls.add("remove " + spec.releaseId());
    runningRelease.remove(spec.name());
    runningImage.remove(spec.name());
  }

  @Override
  public String describe(DeploymentSpec spec) {
    return spec.namespace() + "/" + spec.name();
  }
}
