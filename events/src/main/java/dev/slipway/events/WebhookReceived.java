package dev.slipway.events;

import java.util.Set;

/**
 * A verified GitHub delivery of a handled event, with what downstream needs pulled out of the
 * payload, and the raw payload for replay. Fields that the event type does not have are null.
 *
 * @param deliveryId {@code X-GitHub-Delivery}
 * @param event {@code X-GitHub-Event}, e.g. {@code pull_request}
 * @param action the payload's {@code action}, null for events without one ({@code push}, {@code ping})
 * @param repository {@code owner/repo}
 * @param cloneUrl the repository's clone URL as GitHub gave it
 * @param headSha the commit to validate: PR head, pushed head, null otherwise
 * @param ref the PR's head branch, or the pushed ref ({@code refs/heads/main}, {@code refs/tags/v1})
 * @param baseRef the PR's base branch
 * @param pullRequestNumber the PR number ({@code pull_request}, and {@code issue_comment} on a PR)
 * @param headRepository {@code owner/repo} the PR's head lives in
 * @param fork whether the PR's head lives in another repository (its runs never get secrets)
 * @param beforeSha the previous head of a {@code synchronize} or a {@code push}
 * @param releaseId GitHub's id of the release
 * @param releaseTag the release's tag
 * @param releaseTargetCommitish what the release's tag was made from (a branch or a sha)
 * @param commentBody the comment of an {@code issue_comment}
 * @param sender the login of who caused the event
 * @param installationId the GitHub App installation, if any
 * @param rawPayload the delivery's body as received, for replay
 */
public record WebhookReceived(
    String deliveryId,
    String event,
    String action,
    String repository,
    String cloneUrl,
    String headSha,
    String ref,
    String baseRef,
    Integer pullRequestNumber,
    String headRepository,
    boolean fork,
    String beforeSha,
    Long releaseId,
    String releaseTag,
    String releaseTargetCommitish,
    String commentBody,
    String sender,
    Long installationId,
    String rawPayload)
    implements WebhookEvent {

  private static final Set<String> HEAD_CHANGING_ACTIONS = Set.of("opened", "synchronize", "reopened");

  /**
   * Whether this is a pull request whose head gets runs: opened, pushed to ({@code synchronize}) or
   * reopened, with a head sha. The compiler plans exactly these, and the reporter shows their
   * {@code slipway/config} pending before the plan is there.
   */
  public boolean plansPullRequestHead() {
    return "pull_request".equals(event) && HEAD_CHANGING_ACTIONS.contains(action) && headSha != null;
  }
}
