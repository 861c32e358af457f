package dev.slipway.deployer.domain;

/** The release's deploy definition cannot become a Deployment; the message tells the user why. */
public class InvalidDeployDefinitionException extends RuntimeException {

  public InvalidDeployDefinitionException(String message) {
    super(message);
  }
}
