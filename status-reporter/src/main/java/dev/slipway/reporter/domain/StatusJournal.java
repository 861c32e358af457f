package dev.slipway.reporter.domain;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Durable memory of the reporter: which status it accepted and which it wrote, per commit and
 * context or per deployment, the id GitHub gave each deployment, and the tags of the releases named
 * lately. A deployment's id and a release's name are durable when their method returns; an accepted
 * or settled status is recorded at once (a killed process keeps it) and durable once {@link #sync}
 * returned, so the disk's wait can overlap the write to GitHub.
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

  /** The reporter accepted the report for writing; durable after the next {@link #sync}. */
  void accepted(Report report) throws IOException;

  /**
   * The report was written to GitHub, or GitHub refused it for good: either way it is done. Durable
   * after the next {@link #sync}; should the line be lost, the next start asks GitHub before
   * writing the report again.
   */
  void settled(Report report) throws IOException;

  /**
   * Returns once every status recorded so far is on disk; at once when nothing is waiting for it.
   */
  void sync() throws IOException;

  /** GitHub has this deployment under {@code id}: never create it again. */
  void deploymentCreated(DeploymentKey key, long id) throws IOException;

  /** A release's tag, for events that name the release only by its id. */
  void releaseNamed(ReleaseName name) throws IOException;
}
