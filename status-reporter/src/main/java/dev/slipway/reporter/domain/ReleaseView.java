package dev.slipway.reporter.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the reporter has accepted for one release: its deployment per datacenter and the link to its
 * build page (from {@code slipway/build}).
 */
public record ReleaseView(String buildLink, List<DesiredDeploymentStatus> deployments) {

  public ReleaseView {
    deployments = List.copyOf(deployments);
  }

  public static ReleaseView empty() {
    return new ReleaseView(null, List.of());
  }

  public Optional<DesiredDeploymentStatus> in(String datacenter) {
    return deployments.stream().filter(d -> d.key().datacenter().equals(datacenter)).findFirst();
  }

  /** The datacenter the release is being admitted to, built for or rolled out to, if any. */
  public Optional<DesiredDeploymentStatus> current() {
    return deployments.stream()
        .filter(d -> !d.step().isFinal())
        .max(Comparator.comparing(DesiredDeploymentStatus::occurredAt));
  }

  /** The datacenters where the release is live, in the order it went live. */
  public List<String> live() {
    return deployments.stream()
        .filter(d -> d.step() == DeploymentStep.LIVE)
        .sorted(Comparator.comparing(DesiredDeploymentStatus::occurredAt))
        .map(d -> d.key().datacenter())
        .toList();
  }

  /**
   * This view once {@code status} is accepted: it replaces its datacenter's status only if the
   * ordering rule lets it.
   */
  public ReleaseView with(DesiredDeploymentStatus status) {
    List<DesiredDeploymentStatus> next = new ArrayList<>();
    boolean placed = false;
    for (DesiredDeploymentStatus known : deployments) {
      if (known.key().equals(status.key())) {
        placed = true;
        next.add(Ordering.judge(status, known) == Ordering.Verdict.NEWER ? status : known);
      } else {
        next.add(known);
      }
    }
    if (!placed) {
      next.add(status);
    }
    return new ReleaseView(buildLink, next);
  }
}
