package dev.slipway.compiler.domain;

/** The repository could not be read (network, server, timeout): worth trying again. */
public final class SourceUnavailableException extends RuntimeException {

  public SourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public SourceUnavailableException(String message) {
    super(message);
  }
}
