package dev.slipway.runner.errors;

import dev.slipway.events.NormalizedError;

/**
 * An error and the output line it was found at, so errors of several tools keep the log's order.
 */
record FoundError(int lineIndex, NormalizedError error) {

  static FoundError at(
      int lineIndex, String tool, String file, Integer line, Integer column, String message) {
    return new FoundError(
        lineIndex, new NormalizedError(tool, file, line, column, message.strip()));
  }
}
