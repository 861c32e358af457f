package dev.slipway.coordinator.domain;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.DeployedEvent;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.Envelope;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseOrigin.Operation;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.RunState;
import java.time.Instant;
import java.util.List;

/** Events as the other services publish them, with only what a test varies as parameters. */
public final class ReleaseFixtures {

  public static final Instant PUBLISHED = Instant.parse("2025-05-01T10:00:00Z");

  private ReleaseFixtures() {}

  /**
   * Release {@code n} of {@code repository}: id {@code <repo>-r<n>}, tag {@code 1.<n>.0}, published
   * n minutes after {@link #PUBLISHED}.
   */
  public static ReleaseRequested release(
      String repository, int n, QueueMode mode, String... datacenters) {
    return release(repository, n, PUBLISHED.plusSeconds(60L * n), mode, datacenters);
  }

  /** Release {@code n} of {@code repository}, published at {@code publishedAt}. */
  public static ReleaseRequested release(
      String repository, int n, Instant publishedAt, QueueMode mode, String... datacenters) {
    return new ReleaseRequested(
        releaseId(repository, n),
        repository,
        "1." + n + ".0",
        "sha" + n,
        "https://github.com/" + repository + ".git",
        publishedAt,
        new BuildDefinition("Dockerfile", "."),
        new DeployDefinition(repository.substring(repository.indexOf('/') + 1), 2, 8080, "/health"),
        List.of(datacenters),
        mode);
  }

  public static String releaseId(String repository, int n) {
    return repository + "-r" + n;
  }

  public static DeploymentFinished deployed(
      String repository, String releaseId, String datacenter, DeploymentFinished.Outcome outcome) {
    return new DeploymentFinished(
        releaseId,
        repository,
        "tag",
        "sha",
        1,
        datacenter,
        outcome,
        image(repository, releaseId),
        "rollout " + outcome,
        null);
  }

  /**
   * Release {@code n} of {@code repository} rolled out in {@code datacenter}, as the deployer says
   * so now.
   */
  public static Envelope<DeployedEvent> rolledOut(String repository, int n, String datacenter) {
    return Envelope.first(
        "/slipway/deployer",
        repository,
        "delivery-deploy",
        Instant.now(),
        deployed(
            repository,
            releaseId(repository, n),
            datacenter,
            DeploymentFinished.Outcome.ROLLED_OUT));
  }

  /** The image a release's deployments report: one digest per release. */
  public static String image(String repository, String releaseId) {
    return "registry/" + repository + "@sha256:" + Integer.toHexString(releaseId.hashCode());
  }

  /**
   * An operation on release {@code number} of {@code repository}; the release it becomes has the id
   * {@code op-<name>}.
   */
  public static ReleaseOperationRequested operation(
      String repository, String name, Operation operation, int number, String... datacenters) {
    return new ReleaseOperationRequested(
        name,
        repository,
        operation,
        number,
        null,
        List.of(datacenters),
        "alice",
        PUBLISHED.plusSeconds(3600),
        null);
  }

  /** A redeploy asked by a person's GitHub deployment {@code deploymentId} of {@code ref}. */
  public static ReleaseOperationRequested deploymentOf(
      String repository, String name, String ref, String datacenter, long deploymentId) {
    return new ReleaseOperationRequested(
        name,
        repository,
        Operation.REDEPLOY,
        null,
        ref,
        List.of(datacenter),
        "bob",
        PUBLISHED.plusSeconds(3600),
        deploymentId);
  }

  public static ReleaseBuildStateChanged build(String repository, String releaseId, RunState to) {
    return new ReleaseBuildStateChanged(
        releaseId,
        repository,
        "tag",
        "sha",
        RunState.STARTED,
        to,
        "build " + to,
        "https://logs/" + releaseId,
        PUBLISHED);
  }
}
