package dev.slipway.reporter.commands;

import dev.slipway.events.WebhookDetails;
import dev.slipway.reporter.domain.CommitState;
import dev.slipway.reporter.domain.GitHubWriteException;
import java.util.Map;

/**
 * What the pull-request commands ask of GitHub and write to it. Every call names the repository it
 * is about, so that it goes to the client of the organisation that owns it. A call GitHub did not
 * answer throws {@link GitHubWriteException}: {@code REJECTED} for good, the other kinds when it
 * may work later.
 */
public interface PullRequestGitHub {

  /**
   * Whether {@code user} is a member of the organisation {@code organisation}: GitHub's {@code GET
   * /orgs/{org}/members/{username}} answered 204 (a 404, or the 302 GitHub sends a requester who
   * may not see the members, is no).
   */
  boolean isMember(String repository, String organisation, String user) throws GitHubWriteException;

  /**
   * The pull request as GitHub shows it now ({@code fork}: its head lives in another repository).
   */
  WebhookDetails.PullRequest pullRequest(String repository, int number) throws GitHubWriteException;

  /** The combined status of a commit: the newest state of each context. */
  Map<String, CommitState> statuses(String repository, String sha) throws GitHubWriteException;

  /** Reacts to a comment on an issue or pull request. */
  void react(String repository, long commentId, Reaction reaction) throws GitHubWriteException;

  /** Comments on an issue or pull request. */
  void comment(String repository, int number, String body) throws GitHubWriteException;

  /** The reactions Slipway gives a command comment, by GitHub's names. */
  enum Reaction {
    /** Done: the command was accepted. */
    PLUS_ONE("+1"),
    /** Refused: the author may not use the command. */
    MINUS_ONE("-1"),
    /** Not a command Slipway knows. */
    CONFUSED("confused");

    private final String content;

    Reaction(String content) {
      this.content = content;
    }

    /** The {@code content} GitHub's reactions API takes. */
    public String content() {
      return content;
    }
  }
}
