package dev.slipway.reporter.domain;

import java.util.Locale;

/**
 * A webhook whose failed deliveries recovery looks for: the GitHub App's, an organisation's or a
 * repository's.
 *
 * @param owner the organisation, or the repository as {@code owner/repo}; empty for the App's
 * @param id GitHub's hook id; 0 for the App's
 */
public record WatchedHook(Kind kind, String owner, long id) {

  public enum Kind {
    APP,
    ORGANIZATION,
    REPOSITORY
  }

  public static final WatchedHook APP = new WatchedHook(Kind.APP, "", 0);

  public WatchedHook {
    if (kind != Kind.APP && id < 1) {
      throw new IllegalArgumentException("a hook id is a positive number, got " + id);
    }
    if (kind == Kind.REPOSITORY && !owner.matches("[^/\\s]+/[^/\\s]+")) {
      throw new IllegalArgumentException("a repository is named owner/repo, got '" + owner + "'");
    }
    if (kind == Kind.ORGANIZATION && !owner.matches("[^/\\s]+")) {
      throw new IllegalArgumentException(
          "an organisation is named without '/', got '" + owner + "'");
    }
  }

  /**
   * A hook as the settings name it: {@code owner/repo:id} for a repository's, {@code org:id} for an
   * organisation's.
   */
  public static WatchedHook parse(Kind kind, String setting) {
    int colon = setting.lastIndexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException(
          "a hook is named "
              + (kind == Kind.REPOSITORY ? "owner/repo:id" : "org:id")
              + ", got '"
              + setting
              + "'");
    }
    long id;
    try {
      id = Long.parseLong(setting.substring(colon + 1).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the hook id in '" + setting + "' is not a number", e);
    }
    return new WatchedHook(kind, setting.substring(0, colon).strip(), id);
  }

  /**
   * A name for files and worker threads: {@code app}, {@code org-acme-12}, {@code
   * repo-acme-shop-3}.
   */
  public String slug() {
    return switch (kind) {
      case APP -> "app";
      case ORGANIZATION -> "org-" + owner.replace('/', '-').toLowerCase(Locale.ROOT) + "-" + id;
      case REPOSITORY -> "repo-" + owner.replace('/', '-').toLowerCase(Locale.ROOT) + "-" + id;
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case APP -> "the App's hook";
      case ORGANIZATION -> "organisation " + owner + " hook " + id;
      case REPOSITORY -> "repository " + owner + " hook " + id;
    };
  }
}
