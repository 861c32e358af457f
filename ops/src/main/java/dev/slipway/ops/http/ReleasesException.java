package dev.slipway.ops.http;

/** The release-coordinator did not do what was asked; the reason says whose move it is. */
public final class ReleasesException extends RuntimeException {

  /** Why, by what the one who asked can do about it. */
  public enum Reason {
    /** 409: the coordinator refused the operation and changed nothing. */
    REFUSED,
    /** 401: no token, or not the coordinator's. */
    UNAUTHORIZED,
    /** 403: the coordinator has no token configured, so it takes no operations. */
    DISABLED,
    /** 404: the coordinator knows no release of the repository. */
    NOT_FOUND,
    /** 400: the coordinator could not read the request. */
    BAD_REQUEST,
    /** Not reachable, or 503 for longer than the client waits. */
    UNAVAILABLE,
    /** Any other answer. */
    FAILED
  }

  private final Reason reason;

  public ReleasesException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ReleasesException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
