package dev.slipway.reporter.commands;

import dev.slipway.reporter.domain.GitHubWriteException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is a member of a repository's owner, asked of GitHub and remembered for a while: the
 * payload's {@code author_association} is not trusted. The owner of a repository owned by a user is
 * its only member; GitHub answers 404 for anyone else, as there is no organisation of that name. An
 * answer GitHub did not give (it is down, or rate-limits) is not remembered and never counts as a
 * member: the caller asks again later.
 */
public final class Membership {

  private record Key(String organisation, String user) {}

  private record Answer(boolean member, Instant until) {}

  private final PullRequestGitHub github;
  private final Clock clock;
  private final Duration remembered;
  private final Map<Key, Answer> answers = new ConcurrentHashMap<>();

  /**
   * @param remembered how long an answer is used before GitHub is asked again
   */
  public Membership(PullRequestGitHub github, Clock clock, Duration remembered) {
    this.github = github;
    this.clock = clock;
    this.remembered = remembered;
  }

  /**
   * Whether {@code user} is a member of the owner of {@code repository}; an event that names no one
   * ({@code user} null) has no member behind it.
   */
  public boolean isMember(String repository, String user) throws GitHubWriteException {
    if (user == null) {
      return false;
    }
    String owner = ownerOf(repository);
    if (owner.equalsIgnoreCase(user)) {
      return true;
    }
    Key key = new Key(owner.toLowerCase(Locale.ROOT), user.toLowerCase(Locale.ROOT));
    Instant now = clock.instant();
    Answer known = answers.get(key);
    if (known != null && now.isBefore(known.until())) {
      return known.member();
    }
    boolean member = github.isMember(repository, owner, user);
    answers.values().removeIf(answer -> !now.isBefore(answer.until()));
    answers.put(key, new Answer(member, now.plus(remembered)));
    return member;
  }

  static String ownerOf(String repository) {
    int slash = repository.indexOf('/');
    return slash < 0 ? repository : repository.substring(0, slash);
  }
}
