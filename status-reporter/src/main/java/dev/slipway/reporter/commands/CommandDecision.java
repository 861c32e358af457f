package dev.slipway.reporter.commands;

import dev.slipway.events.PullRequestCommand;
import dev.slipway.reporter.commands.PullRequestGitHub.Reaction;
import dev.slipway.reporter.domain.HeadApproval;
import java.util.Locale;
import java.util.Optional;

/**
 * What the reporter does about a fork's pull request or a command comment: the command to publish,
 * the head's {@code slipway/config} to show, and the answer on GitHub (a reaction to the comment, a
 * short reply).
 *
 * @param repository {@code owner/repo}
 * @param subject what was decided about, for the metric
 * @param outcome how it ended, for the metric
 * @param command published on {@code slipway.webhook} for the task-compiler
 * @param approval the fork's head to show as waiting for approval, or as approved
 * @param commentId the comment {@code reaction} goes to
 * @param reaction Slipway's reaction to the comment
 * @param pullRequestNumber the pull request {@code reply} goes to
 * @param reply Slipway's reply, a short comment
 */
public record CommandDecision(
    String repository,
    Subject subject,
    Outcome outcome,
    Optional<PullRequestCommand> command,
    Optional<HeadApproval> approval,
    long commentId,
    Optional<Reaction> reaction,
    int pullRequestNumber,
    Optional<String> reply) {

  /** What a decision is about. */
  public enum Subject {
    OK_TO_TEST,
    RETEST,
    CANCEL,
    /** A comment's {@code /word} that is no command. */
    UNKNOWN,
    /** A fork's pull request opened, pushed to or reopened. */
    FORK_PULL_REQUEST;

    /** Its value as a metric's tag. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How a decision ended. */
  public enum Outcome {
    /** The command was published. */
    PUBLISHED,
    /** The author is not a member: refused. */
    REFUSED,
    /** A fork's head waits for a member's {@code /ok-to-test}. */
    WAITING,
    /** {@code /retest} on a head where no task failed: nothing published. */
    NOTHING_TO_RETEST,
    /** An unknown command, answered with a reaction. */
    UNKNOWN,
    /** GitHub refused to tell what the command needs (e.g. the pull request is gone). */
    FAILED;

    /** Its value as a metric's tag. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
