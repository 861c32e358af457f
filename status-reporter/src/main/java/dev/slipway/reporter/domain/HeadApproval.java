package dev.slipway.reporter.domain;

/**
 * Whether a fork's pull request head may run, as the reporter decided from GitHub's answer about
 * its author (or a member's {@code /ok-to-test}). The task-compiler never plans a fork's head from
 * its webhook, so this, not the webhook, sets the head's {@code slipway/config} pending.
 *
 * @param repository {@code owner/repo} the pull request is in
 * @param sha the head
 * @param approved true: a member opened it or approved it, its plan follows; false: it waits for a
 *     member's {@code /ok-to-test}
 */
public record HeadApproval(String repository, String sha, boolean approved) {}
