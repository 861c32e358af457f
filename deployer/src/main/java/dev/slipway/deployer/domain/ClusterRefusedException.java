package dev.slipway.deployer.domain;

/** The Kubernetes API refused a request (invalid object, quota, forbidden): retrying will not help. */
public class ClusterRefusedException extends RuntimeException {

  public ClusterRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
