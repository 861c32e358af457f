package dev.slipway.events;

import java.util.Set;

/**
 * A verified GitHub delivery of a handled event: who sent it for which repository, what its event
 * type says ({@link WebhookDetails}), and the raw payload for replay.
 *
 * @param deliveryId {@code X-GitHub-Delivery}
 * @param event {@code X-GitHub-Event}, e.g. {@code pull_request}
 * @param action the payload's {@code action}, null for events without one ({@code push}, {@code
 *     ping})
 * @param repository {@code owner/repo}
 * @param cloneUrl the repository's clone URL as GitHub gave it
 * @param sender the login of who caused the event
 * @param installationId the GitHub App installation, if any
 * @param details what the event type says
 * @param rawPayload the delivery's body as received, for replay
 */
public record WebhookReceived(
    String deliveryId,
    String event,
    String action,
    String repository,
    String cloneUrl,
    String sender,
    Long installationId,
    WebhookDetails details,
    String rawPayload)
    implements WebhookEvent {

  private static final Set<String> HEAD_CHANGING_ACTIONS =
      Set.of("opened", "synchronize", "reopened");

  /**
   * The commit the event is about: a pull request's head or a pushed head; null for other events.
   */
  public String headSha() {
    if (details instanceof WebhookDetails.PullRequest pullRequest) {
      return pullRequest.headSha();
    }
    return details instanceof WebhookDetails.Push push ? push.headSha() : null;
  }

  /** The pull request the event is about, or that a comment is on; null for other events. */
  public Integer pullRequestNumber() {
    if (details instanceof WebhookDetails.PullRequest pullRequest) {
      return pullRequest.number();
    }
    return details instanceof WebhookDetails.Comment comment ? comment.pullRequestNumber() : null;
  }

  /**
   * Whether this is a pull request whose head gets runs: opened, pushed to ({@code synchronize}) or
   * reopened, with a head sha. The compiler plans exactly these, and the reporter shows their
   * {@code slipway/config} pending before the plan is there.
   */
  public boolean plansPullRequestHead() {
    return details instanceof WebhookDetails.PullRequest pullRequest
        && HEAD_CHANGING_ACTIONS.contains(action)
        && pullRequest.headSha() != null;
  }
}
