package dev.slipway.events;

import java.time.Instant;
import java.util.List;

/**
 * A published GitHub release, resolved to its commit, with how to build and deploy it.
 *
 * @param releaseId unique per published release, stable across redeliveries
 * @param publishedAt GitHub's publish time: releases are admitted in this order
 * @param datacenters deploy order
 * @param mode what happens to a waiting release that a newer one overtakes
 */
public record ReleaseRequested(
    String releaseId,
    String repository,
    String tag,
    String sha,
    String cloneUrl,
    Instant publishedAt,
    BuildDefinition build,
    DeployDefinition deploy,
    List<String> datacenters,
    QueueMode mode)
    implements TaskSpecEvent {

  /**
   * {@code SUPERSEDE}: only the newest waiting release goes; {@code QUEUE}: every release goes, in
   * order.
   */
  public enum QueueMode {
    SUPERSEDE,
    QUEUE
  }
}
