package dev.slipway.events;

/**
 * A published release that Slipway will not build or deploy, e.g. a prerelease of a repository
 * whose {@code .slipway.yml} does not say {@code release.prereleases: true}.
 *
 * @param reason one line for the user, shown on the tag's commit as {@code slipway/release}
 */
public record ReleaseSkipped(
    String releaseId, String repository, String tag, String sha, String reason)
    implements TaskSpecEvent, ReleaseProgress {}
