package dev.slipway.reporter.github;

import java.io.IOException;

/**
 * An organisation's credentials cannot be used: GitHub refused to mint an installation token, or
 * the App's key cannot be read. Thrown where the client asks for its credential, so the write that
 * needed it waits and is retried like any write GitHub could not take.
 */
public final class CredentialsRefusedException extends IOException {
  public CredentialsRefusedException(String reason) {
    super(reason);
  }
}
