package dev.slipway.testsupport;

import dev.slipway.events.Envelope;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.WebhookReceived;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link WebhookReceived} events as the gateway makes them, for tests: a pull request, push,
 * release, comment, deployment or ping with plain defaults (a fresh delivery id, sent by {@code
 * alice}, branch {@code feature} into {@code main}), each part changeable.
 */
public final class Webhooks {

  private static final AtomicLong COMMENT_IDS = new AtomicLong(1000);

  private Webhooks() {}

  /** The webhook in the envelope the gateway publishes it in, stamped now. */
  public static Envelope<WebhookEvent> published(WebhookReceived webhook) {
    return Envelope.first(
        "/slipway/webhook-gateway",
        webhook.repository(),
        webhook.deliveryId(),
        Instant.now(),
        webhook);
  }

  /** {@code pull_request.opened} from a branch of the same repository. */
  public static Builder pullRequest(String repository, int number, String headSha) {
    return new Builder(
        "pull_request",
        "opened",
        repository,
        new WebhookDetails.PullRequest(
            number, headSha, "feature", "main", repository, false, null));
  }

  public static Builder push(String repository, String ref, String headSha) {
    return new Builder(
        "push", null, repository, new WebhookDetails.Push(ref, headSha, null, "main"));
  }

  /** {@code release.published}: neither a prerelease nor a draft, published now. */
  public static Builder release(String repository, long id, String tag) {
    return new Builder(
        "release",
        "published",
        repository,
        new WebhookDetails.Release(id, tag, "main", Instant.now(), false, false));
  }

  /** {@code issue_comment.created}; on an issue when {@code pullRequestNumber} is null. */
  public static Builder comment(String repository, Integer pullRequestNumber, String body) {
    return new Builder(
        "issue_comment",
        "created",
        repository,
        new WebhookDetails.Comment(pullRequestNumber, body, COMMENT_IDS.incrementAndGet()));
  }

  /**
   * {@code deployment.created} by a person ({@code alice}, the sender too), not by Slipway; see
   * {@link Builder#bySlipway}.
   */
  public static Builder deployment(
      String repository, long id, String ref, String sha, String environment) {
    return new Builder(
        "deployment",
        "created",
        repository,
        new WebhookDetails.Deployment(id, ref, sha, environment, "alice", false));
  }

  public static Builder ping(String repository) {
    return new Builder("ping", null, repository, new WebhookDetails.Ping());
  }

  /** One event being made; {@link #build} makes it. */
  public static final class Builder {
    private final String event;
    private final String repository;
    private String action;
    private String deliveryId = "delivery-" + UUID.randomUUID();
    private String cloneUrl;
    private String sender = "alice";
    private String rawPayload = "{}";
    private WebhookDetails details;

    private Builder(String event, String action, String repository, WebhookDetails details) {
      this.event = event;
      this.action = action;
      this.repository = repository;
      this.details = details;
    }

    public Builder action(String action) {
      this.action = action;
      return this;
    }

    public Builder delivery(String deliveryId) {
      this.deliveryId = deliveryId;
      return this;
    }

    public Builder cloneUrl(String cloneUrl) {
      this.cloneUrl = cloneUrl;
      return this;
    }

    public Builder sender(String sender) {
      this.sender = sender;
      return this;
    }

    public Builder rawPayload(String rawPayload) {
      this.rawPayload = rawPayload;
      return this;
    }

    /** A pull request's head branch and base branch. */
    public Builder branches(String headRef, String baseRef) {
      WebhookDetails.PullRequest pr = pullRequestDetails();
      return pullRequest(headRef, baseRef, pr.headRepository(), pr.fork(), pr.beforeSha());
    }

    /** A pull request whose head lives in {@code headRepository}, another repository. */
    public Builder fromFork(String headRepository) {
      WebhookDetails.PullRequest pr = pullRequestDetails();
      return pullRequest(pr.headRef(), pr.baseRef(), headRepository, true, pr.beforeSha());
    }

    /** The head before a pull request's {@code synchronize} or before a push. */
    public Builder before(String beforeSha) {
      if (details instanceof WebhookDetails.Push push) {
        details =
            new WebhookDetails.Push(push.ref(), push.headSha(), beforeSha, push.defaultBranch());
        return this;
      }
      WebhookDetails.PullRequest pr = pullRequestDetails();
      return pullRequest(pr.headRef(), pr.baseRef(), pr.headRepository(), pr.fork(), beforeSha);
    }

    /** A release's publish time (null as for a draft) and kind. */
    public Builder published(Instant publishedAt, boolean prerelease, boolean draft) {
      if (!(details instanceof WebhookDetails.Release release)) {
        throw new IllegalStateException("only a release is published; this is a " + event);
      }
      details =
          new WebhookDetails.Release(
              release.id(),
              release.tag(),
              release.targetCommitish(),
              publishedAt,
              prerelease,
              draft);
      return this;
    }

    /** A deployment Slipway's status-reporter created itself for a release. */
    public Builder bySlipway() {
      if (!(details instanceof WebhookDetails.Deployment deployment)) {
        throw new IllegalStateException(
            "only a deployment is created by Slipway; this is a " + event);
      }
      details =
          new WebhookDetails.Deployment(
              deployment.id(),
              deployment.ref(),
              deployment.sha(),
              deployment.environment(),
              deployment.creator(),
              true);
      return this;
    }

    public WebhookReceived build() {
      return new WebhookReceived(
          deliveryId, event, action, repository, cloneUrl, sender, null, details, rawPayload);
    }

    /** The same pull request (number and head) with these branches, head repository and before. */
    private Builder pullRequest(
        String headRef, String baseRef, String headRepository, boolean fork, String beforeSha) {
      WebhookDetails.PullRequest pr = pullRequestDetails();
      details =
          new WebhookDetails.PullRequest(
              pr.number(), pr.headSha(), headRef, baseRef, headRepository, fork, beforeSha);
      return this;
    }

    private WebhookDetails.PullRequest pullRequestDetails() {
      if (!(details instanceof WebhookDetails.PullRequest pullRequest)) {
        throw new IllegalStateException(
            "only a pull request has branches, a fork and a previous head; this is a " + event);
      }
      return pullRequest;
    }
  }
}
