package dev.slipway.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * What a handled delivery says beyond who sent it and for which repository: one record per event
 * type, so a consumer reads only fields its event has, and a new event type is a new record the
 * compiler makes every {@code instanceof} chain over this family face.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = WebhookDetails.PullRequest.class, name = "pull_request"),
  @JsonSubTypes.Type(value = WebhookDetails.Push.class, name = "push"),
  @JsonSubTypes.Type(value = WebhookDetails.Release.class, name = "release"),
  @JsonSubTypes.Type(value = WebhookDetails.Comment.class, name = "issue_comment"),
  @JsonSubTypes.Type(value = WebhookDetails.Deployment.class, name = "deployment"),
  @JsonSubTypes.Type(value = WebhookDetails.Ping.class, name = "ping")
})
public sealed interface WebhookDetails {

  /**
   * A {@code pull_request} event.
   *
   * @param headSha the commit to validate
   * @param headRef the head branch
   * @param baseRef the branch it would merge into
   * @param headRepository {@code owner/repo} the head lives in; null when that fork was deleted
   * @param fork whether the head lives in another repository (its runs never get secrets)
   * @param beforeSha the previous head of a {@code synchronize}, null otherwise
   */
  record PullRequest(
      int number,
      String headSha,
      String headRef,
      String baseRef,
      String headRepository,
      boolean fork,
      String beforeSha)
      implements WebhookDetails {}

  /**
   * A {@code push} event.
   *
   * @param ref what was pushed: {@code refs/heads/main}, {@code refs/tags/v1}
   * @param headSha the pushed head; all zeros when the ref was deleted
   * @param beforeSha the ref's head before the push
   * @param defaultBranch the repository's default branch (e.g. {@code main}), for secrets kept to
   *     it; null when the payload did not say
   */
  record Push(String ref, String headSha, String beforeSha, String defaultBranch)
      implements WebhookDetails {

    /** Whether the push is to the repository's default branch. */
    public boolean toDefaultBranch() {
      return defaultBranch != null && ref.equals("refs/heads/" + defaultBranch);
    }
  }

  /**
   * A {@code release} event.
   *
   * @param id GitHub's id of the release
   * @param targetCommitish what the tag was made from (a branch or a sha)
   * @param publishedAt when it was published; null for a draft, which has not been
   */
  record Release(
      long id,
      String tag,
      String targetCommitish,
      Instant publishedAt,
      boolean prerelease,
      boolean draft)
      implements WebhookDetails {}

  /**
   * An {@code issue_comment} event.
   *
   * @param pullRequestNumber the pull request commented on, null for a comment on an issue
   * @param commentId GitHub's id of the comment, which Slipway reacts to
   */
  record Comment(Integer pullRequestNumber, String body, long commentId)
      implements WebhookDetails {}

  /**
   * A {@code deployment} event: someone created a deployment, asking to deploy {@code ref} to
   * {@code environment} (for Slipway, a datacenter).
   *
   * @param id GitHub's id of the deployment, whose statuses answer it
   * @param ref what to deploy as asked: a tag, a branch or a sha
   * @param sha the commit GitHub resolved {@code ref} to
   * @param creator the login of who created it
   * @param bySlipway whether Slipway created it itself for a release (its payload carries the
   *     release's id), so that it is not taken for a request
   */
  record Deployment(
      long id, String ref, String sha, String environment, String creator, boolean bySlipway)
      implements WebhookDetails {}

  /** A {@code ping}: a hook was set up; nothing to do. */
  record Ping() implements WebhookDetails {}
}
