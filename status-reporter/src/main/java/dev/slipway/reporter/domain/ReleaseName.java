package dev.slipway.reporter.domain;

import java.util.Objects;

/** The tag a release was published under: how users know it, where events name it by its id. */
public record ReleaseName(String repository, String releaseId, String tag) {

  public ReleaseName {
    Objects.requireNonNull(repository, "a release name needs a repository");
    Objects.requireNonNull(releaseId, "a release name needs a release id");
    Objects.requireNonNull(tag, "a release name needs a tag");
  }
}
