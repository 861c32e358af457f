package dev.slipway.reporter.commands;

import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookReceived;
import dev.slipway.reporter.commands.CommandDecision.Outcome;
import dev.slipway.reporter.commands.CommandDecision.Subject;
import dev.slipway.reporter.commands.PullRequestGitHub.Reaction;
import dev.slipway.reporter.domain.CommitState;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.reporter.domain.HeadApproval;
import dev.slipway.reporter.domain.ReleaseReports;
import dev.slipway.reporter.domain.RequestBudget;
import dev.slipway.reporter.domain.StatusMapping;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull-request commands and the approval of forks' pull requests, decided with what GitHub says
 * (membership, the pull request's head, its statuses), never with what the payload claims.
 *
 * <ul>
 *   <li>A fork's pull request opened, pushed to or reopened by a member is approved: {@code
 *       OK_TO_TEST} with the delivery's id; by anyone else its head waits for a member's {@code
 *       /ok-to-test}.
 *   <li>A member's {@code /ok-to-test}, {@code /retest [task]} or {@code /cancel} comment is
 *       published with the comment's id and the pull request's head as GitHub shows it now, and
 *       answered with {@code +1}; {@code /retest} alone re-runs the tasks whose status on the head
 *       is failure or error, and when there is none says so in a reply instead.
 *   <li>Anyone else's command is answered with {@code -1} and a reply; an unknown {@code /word}
 *       with {@code confused}.
 * </ul>
 */
public final class PullRequestCommands {

  private static final Logger LOG = LoggerFactory.getLogger(PullRequestCommands.class);
  private static final String TASK_PREFIX = "slipway/";
  private static final Set<String> NOT_TASKS =
      Set.of(
          StatusMapping.CONFIG_CONTEXT,
          StatusMapping.BUILD_CONTEXT,
          ReleaseReports.RELEASE_CONTEXT);
  private static final Set<CommitState> FAILED = Set.of(CommitState.FAILURE, CommitState.ERROR);

  /** What GitHub writes an answer makes. */
  public enum Write {
    REACTION,
    COMMENT
  }

  /** Observes decisions and answers, e.g. for metrics. */
  public interface Listener {
    Listener NONE = new Listener() {};

    default void decided(Subject subject, Outcome outcome) {}

    /** A reaction or reply GitHub accepted. */
    default void written(Write write) {}

    /** A reaction or reply GitHub did not accept. */
    default void failed(Write write, GitHubWriteException.Kind kind) {}
  }

  private final PullRequestGitHub github;
  private final Membership membership;
  private final Function<String, RequestBudget> budgets;
  private final Listener listener;

  /**
   * @param budgets the write budget of a repository's organisation, which reactions and replies are
   *     taken from like statuses
   */
  public PullRequestCommands(
      PullRequestGitHub github,
      Membership membership,
      Function<String, RequestBudget> budgets,
      Listener listener) {
    this.github = github;
    this.membership = membership;
    this.budgets = budgets;
    this.listener = listener;
  }

  /**
   * What to do about a webhook: empty for anything but a fork's pull request whose head gets runs
   * and a new pull-request comment with a command.
   *
   * @throws GitHubWriteException GitHub did not answer ({@code UNAVAILABLE}, {@code RATE_LIMITED}):
   *     decide again later; a refusal for good ends as {@link Outcome#FAILED} instead
   */
  public Optional<CommandDecision> decide(WebhookReceived webhook) throws GitHubWriteException {
    Optional<CommandDecision> decision = Optional.empty();
    if (webhook.plansPullRequestHead()
        && webhook.details() instanceof WebhookDetails.PullRequest pullRequest
        && pullRequest.fork()) {
      decision = Optional.of(forkPullRequest(webhook, pullRequest));
    } else if (webhook.details() instanceof WebhookDetails.Comment comment
        && "created".equals(webhook.action())
        && comment.pullRequestNumber() != null) {
      Optional<CommentCommand> command = CommentCommand.in(comment.body());
      if (command.isPresent()) {
        decision = Optional.of(comment(webhook, comment, command.get()));
      }
    }
    decision.ifPresent(decided -> listener.decided(decided.subject(), decided.outcome()));
    return decision;
  }

  /**
   * Makes the decision's answer on GitHub, within the repository's write budget. An answer is a
   * courtesy: when the budget is spent or GitHub refuses, it is left out (and logged), the command
   * stands.
   */
  public void answer(CommandDecision decision) {
    if (decision.reaction().isPresent()) {
      Reaction reaction = decision.reaction().get();
      write(
          decision,
          Write.REACTION,
          () -> github.react(decision.repository(), decision.commentId(), reaction));
    }
    if (decision.reply().isPresent()) {
      String body = decision.reply().get() + "\n\n" + CommentCommand.SLIPWAY_MARK;
      write(
          decision,
          Write.COMMENT,
          () -> github.comment(decision.repository(), decision.pullRequestNumber(), body));
    }
  }

  private CommandDecision forkPullRequest(
      WebhookReceived webhook, WebhookDetails.PullRequest pullRequest) throws GitHubWriteException {
    boolean member = membership.isMember(webhook.repository(), webhook.sender());
    HeadApproval approval = new HeadApproval(webhook.repository(), pullRequest.headSha(), member);
    Optional<PullRequestCommand> command =
        member
            ? Optional.of(
                command(
                    webhook,
                    webhook.deliveryId(),
                    PullRequestCommand.Kind.OK_TO_TEST,
                    null,
                    pullRequest,
                    List.of()))
            : Optional.empty();
    return new CommandDecision(
        webhook.repository(),
        Subject.FORK_PULL_REQUEST,
        member ? Outcome.PUBLISHED : Outcome.WAITING,
        command,
        Optional.of(approval),
        0,
        Optional.empty(),
        pullRequest.number(),
        Optional.empty());
  }

  private CommandDecision comment(
      WebhookReceived webhook, WebhookDetails.Comment comment, CommentCommand command)
      throws GitHubWriteException {
    Answers answers = new Answers(webhook.repository(), comment);
    if (command.kind() == CommentCommand.Kind.UNKNOWN) {
      return answers.reaction(Subject.UNKNOWN, Outcome.UNKNOWN, Reaction.CONFUSED);
    }
    Subject subject = Subject.valueOf(command.kind().name());
    if (!membership.isMember(webhook.repository(), webhook.sender())) {
      return answers.refused(
          subject,
          "@"
              + webhook.sender()
              + " only members of "
              + Membership.ownerOf(webhook.repository())
              + " can use /"
              + command.word());
    }
    try {
      WebhookDetails.PullRequest head =
          github.pullRequest(webhook.repository(), comment.pullRequestNumber());
      List<String> failedTasks = List.of();
      if (command.kind() == CommentCommand.Kind.RETEST && command.task() == null) {
        failedTasks = failedTasks(github.statuses(webhook.repository(), head.headSha()));
        if (failedTasks.isEmpty()) {
          return answers.reply(
              subject,
              "@"
                  + webhook.sender()
                  + " nothing to retest: no Slipway task failed on "
                  + shortSha(head.headSha()));
        }
      }
      PullRequestCommand published =
          command(
              webhook,
              String.valueOf(comment.commentId()),
              PullRequestCommand.Kind.valueOf(command.kind().name()),
              command.task(),
              head,
              failedTasks);
      Optional<HeadApproval> approval =
          command.kind() == CommentCommand.Kind.OK_TO_TEST && head.fork()
              ? Optional.of(new HeadApproval(webhook.repository(), head.headSha(), true))
              : Optional.empty();
      return answers.published(subject, published, approval);
    } catch (GitHubWriteException e) {
      if (e.kind() != GitHubWriteException.Kind.REJECTED) {
        throw e;
      }
      LOG.warn(
          "/{} on {}#{} not acted on: GitHub refused to show the pull request: {}",
          command.word(),
          webhook.repository(),
          comment.pullRequestNumber(),
          e.getMessage());
      return answers.failed(subject);
    }
  }

  /** The tasks whose status is failure or error, by name. */
  static List<String> failedTasks(Map<String, CommitState> statuses) {
    return statuses.entrySet().stream()
        .filter(status -> status.getKey().startsWith(TASK_PREFIX))
        .filter(status -> !NOT_TASKS.contains(status.getKey()))
        .filter(status -> FAILED.contains(status.getValue()))
        .map(status -> status.getKey().substring(TASK_PREFIX.length()))
        .sorted()
        .toList();
  }

  private static PullRequestCommand command(
      WebhookReceived webhook,
      String commandId,
      PullRequestCommand.Kind kind,
      String task,
      WebhookDetails.PullRequest head,
      List<String> failedTasks) {
    return new PullRequestCommand(
        commandId,
        kind,
        task,
        webhook.sender(),
        webhook.repository(),
        webhook.cloneUrl(),
        head,
        failedTasks);
  }

  private void write(CommandDecision decision, Write write, GitHubCall call) {
    if (!budgets.apply(decision.repository()).tryTake()) {
      LOG.warn(
          "{} on {}#{} left out: the GitHub write budget is spent",
          write.name().toLowerCase(Locale.ROOT),
          decision.repository(),
          decision.pullRequestNumber());
      return;
    }
    try {
      call.run();
      listener.written(write);
    } catch (GitHubWriteException e) {
      listener.failed(write, e.kind());
      LOG.warn(
          "{} on {}#{} not written: {}",
          write.name().toLowerCase(Locale.ROOT),
          decision.repository(),
          decision.pullRequestNumber(),
          e.getMessage());
    }
  }

  private static String shortSha(String sha) {
    return sha.length() > 7 ? sha.substring(0, 7) : sha;
  }

  @FunctionalInterface
  private interface GitHubCall {
    void run() throws GitHubWriteException;
  }

  /** The decisions about one command comment. */
  private record Answers(String repository, WebhookDetails.Comment comment) {

    CommandDecision reaction(Subject subject, Outcome outcome, Reaction reaction) {
      return publishingNothing(subject, outcome, Optional.of(reaction), null);
    }

    CommandDecision refused(Subject subject, String reply) {
      return publishingNothing(subject, Outcome.REFUSED, Optional.of(Reaction.MINUS_ONE), reply);
    }

    CommandDecision reply(Subject subject, String reply) {
      return publishingNothing(subject, Outcome.NOTHING_TO_RETEST, Optional.empty(), reply);
    }

    CommandDecision published(
        Subject subject, PullRequestCommand command, Optional<HeadApproval> approval) {
      return decision(
          subject,
          Outcome.PUBLISHED,
          Optional.of(command),
          approval,
          Optional.of(Reaction.PLUS_ONE),
          null);
    }

    CommandDecision failed(Subject subject) {
      return publishingNothing(subject, Outcome.FAILED, Optional.empty(), null);
    }

    /** A decision that publishes no command: at most a reaction and a reply on GitHub. */
    private CommandDecision publishingNothing(
        Subject subject, Outcome outcome, Optional<Reaction> reaction, String reply) {
      return decision(subject, outcome, Optional.empty(), Optional.empty(), reaction, reply);
    }

    private CommandDecision decision(
        Subject subject,
        Outcome outcome,
        Optional<PullRequestCommand> command,
        Optional<HeadApproval> approval,
        Optional<Reaction> reaction,
        String reply) {
      return new CommandDecision(
          repository,
          subject,
          outcome,
          command,
          approval,
          comment.commentId(),
          reaction,
          comment.pullRequestNumber(),
          Optional.ofNullable(reply));
    }
  }
}
