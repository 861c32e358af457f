package dev.slipway.reporter.domain;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Durable memory of the reporter: which status it accepted and which it wrote, per commit and
 * context or per deployment, the id GitHub gave each deployment, and the tags of the releases named
 * lately. Each method returns only once its record is durable.
 */
public interface StatusJournal {

  /**
   * What the journal holds: per key, the last accepted and the last written (or dropped) report,
   * the ids of the deployments created, and the newest {@link ReleaseNames#CAPACITY} release names,
   * oldest first.
   */
  record Contents(
      Map<ReportKey, Report> accepted,
      Map<ReportKey, Report> settled,
      Map<DeploymentKey, Long> deployments,
      List<ReleaseName> releaseNames) {}

  Contents load() throws IOException;

  void accepted(Report report) throws IOException;

  /** The report was written to GitHub, or GitHub refused it for good: either way it is done. */
  void settled(Report report) throws IOException;

  /** GitHub has this deployment under {@code id}: never create it again. */
  void deploymentCreated(DeploymentKey key, long id) throws IOException;

  /** A release's tag, for events that name the release only by its id. */
  void releaseNamed(ReleaseName name) throws IOException;
}
