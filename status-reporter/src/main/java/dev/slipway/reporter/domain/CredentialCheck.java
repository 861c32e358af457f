package dev.slipway.reporter.domain;

/**
 * What GitHub last said of an organisation's credentials: not checked yet, accepted, or refused
 * with GitHub's reason. A refusal is news once: the same refusal again, on every write that follows
 * it, is not, so it is logged once per organisation rather than once per write.
 */
public final class CredentialCheck {

  public static final String NOT_CHECKED_YET = "not checked yet";
  public static final String OK = "ok";

  private String status = NOT_CHECKED_YET;

  /**
   * GitHub took a request made with the credentials.
   *
   * @return whether this is news: they were refused until now
   */
  public synchronized boolean accepted() {
    boolean news = !status.equals(OK) && !status.equals(NOT_CHECKED_YET);
    status = OK;
    return news;
  }

  /** The credentials were replaced: nothing is known of the new ones. */
  public synchronized void reset() {
    status = NOT_CHECKED_YET;
  }

  /**
   * GitHub refused the credentials (401, a 403 that is no rate limit) or they cannot be used (an
   * unreadable key).
   *
   * @return whether this is news: the credentials were not refused, or for another reason
   */
  public synchronized boolean refused(String reason) {
    String refused = "refused: " + reason;
    boolean news = !refused.equals(status);
    status = refused;
    return news;
  }

  /** {@code ok}, {@code refused: <reason>} or {@code not checked yet}. */
  public synchronized String status() {
    return status;
  }
}
