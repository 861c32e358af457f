package dev.slipway.reporter.commands;

import dev.slipway.events.WebhookDetails;
import dev.slipway.reporter.domain.CommitState;
import dev.slipway.reporter.domain.GitHubWriteException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GitHub as the commands see it, in memory: members, pull requests, statuses, and the reactions and
 * comments written; {@link #down} makes every call fail as an unreachable GitHub does.
 */
final class InMemoryGitHub implements PullRequestGitHub {

  record Written(String repository, long commentOrNumber, String what) {}

  private final Set<String> members = new HashSet<>();
  private final Map<String, WebhookDetails.PullRequest> pullRequests = new HashMap<>();
  private final Map<String, Map<String, CommitState>> statuses = new HashMap<>();
  final List<Written> reactions = new ArrayList<>();
  final List<Written> comments = new ArrayList<>();
  int membershipQuestions;
  GitHubWriteException.Kind down;

  void member(String organisation, String user) {
    members.add(organisation + "/" + user);
  }

  void pullRequest(String repository, WebhookDetails.PullRequest pullRequest) {
    pullRequests.put(repository + "#" + pullRequest.number(), pullRequest);
  }

  void status(String repository, String sha, String context, CommitState state) {
    statuses
        .computeIfAbsent(repository + "@" + sha, key -> new LinkedHashMap<>())
        .put(context, state);
  }

  @Override
  public boolean isMember(String repository, String organisation, String user)
      throws GitHubWriteException {
    failIfDown();
    membershipQuestions++;
    return members.contains(organisation + "/" + user);
  }

  @Override
  public WebhookDetails.PullRequest pullRequest(String repository, int number)
      throws GitHubWriteException {
    failIfDown();
    WebhookDetails.PullRequest known = pullRequests.get(repository + "#" + number);
    if (known == null) {
      throw new GitHubWriteException(
          GitHubWriteException.Kind.REJECTED, null, "404 no pull request " + number, null);
    }
    return known;
  }

  @Override
  public Map<String, CommitState> statuses(String repository, String sha)
      throws GitHubWriteException {
    failIfDown();
    return statuses.getOrDefault(repository + "@" + sha, Map.of());
  }

  @Override
  public void react(String repository, long commentId, Reaction reaction)
      throws GitHubWriteException {
    failIfDown();
    reactions.add(new Written(repository, commentId, reaction.content()));
  }

  @Override
  public void comment(String repository, int number, String body) throws GitHubWriteException {
    failIfDown();
    comments.add(new Written(repository, number, body));
  }

  private void failIfDown() throws GitHubWriteException {
    if (down != null) {
      throw new GitHubWriteException(down, null, "GitHub is down", null);
    }
  }
}
