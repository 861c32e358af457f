package dev.slipway.events;

import java.util.List;

/**
 * A pull-request command the status-reporter accepted after asking GitHub: a member's {@code
 * /ok-to-test}, {@code /retest [task]} or {@code /cancel} comment, or the approval a fork's pull
 * request gets because its author is a member. Refused commands never travel; the reporter answers
 * them on GitHub. It travels on {@code slipway.webhook}, keyed by the repository, so it stays in
 * order with that repository's deliveries and reaches the task-compiler like them.
 *
 * @param commandId stable per command (the comment's id, or the delivery id of the approved pull
 *     request event): the same command replayed plans the same runs
 * @param kind what to do
 * @param task the task named by {@code /retest <task>}, null otherwise
 * @param actor the member who commented, or the member who opened the pull request
 * @param repository {@code owner/repo}
 * @param cloneUrl the repository's clone URL
 * @param pullRequest the pull request's head as GitHub gave it when the command was checked
 * @param failedTasks for {@code /retest}: the tasks whose status on the head is failure or error
 */
public record PullRequestCommand(
    String commandId,
    Kind kind,
    String task,
    String actor,
    String repository,
    String cloneUrl,
    WebhookDetails.PullRequest pullRequest,
    List<String> failedTasks)
    implements WebhookEvent {

  public PullRequestCommand {
    failedTasks = failedTasks == null ? List.of() : List.copyOf(failedTasks);
  }

  /** The commands Slipway takes in a pull request's comments. */
  public enum Kind {
    /** Run the head of a pull request that waits for a member's approval. */
    OK_TO_TEST,
    /** Run again the failed tasks of the head, or the one task named. */
    RETEST,
    /** Cancel the head's runs. */
    CANCEL
  }
}
