package dev.slipway.deployer.domain;

/**
 * The target refused a request (invalid object, quota, forbidden, image not pullable): retrying
 * will not help.
 */
public class TargetRefusedException extends RuntimeException {

  public TargetRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
