package dev.slipway.compiler.domain;

import java.time.Instant;

/**
 * What GitHub says about a published release beyond what the webhook event carries.
 *
 * @param publishedAt when it was published: releases are admitted in this order
 * @param prerelease GitHub's "pre-release" flag
 * @param draft whether it is still a draft
 */
public record PublishedRelease(Instant publishedAt, boolean prerelease, boolean draft) {

  /** A full release published at {@code publishedAt}; also what non-release events are planned with. */
  public static PublishedRelease at(Instant publishedAt) {
    return new PublishedRelease(publishedAt, false, false);
  }
}
