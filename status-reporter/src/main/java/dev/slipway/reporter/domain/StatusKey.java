package dev.slipway.reporter.domain;

import java.util.Objects;

/** One commit status line on GitHub: a context on a commit of a repository. */
public record StatusKey(String repository, String sha, String context) implements ReportKey {

  public StatusKey {
    Objects.requireNonNull(repository, "a commit status needs a repository");
    Objects.requireNonNull(sha, "a commit status needs a commit sha");
    Objects.requireNonNull(context, "a commit status needs a context");
  }

  @Override
  public String toString() {
    return repository + "@" + (sha.length() > 8 ? sha.substring(0, 8) : sha) + " " + context;
  }
}
