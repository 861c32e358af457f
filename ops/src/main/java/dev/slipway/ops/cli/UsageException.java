package dev.slipway.ops.cli;

/** A command line the CLI cannot run; the message says what to change. */
class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message);
  }
}
