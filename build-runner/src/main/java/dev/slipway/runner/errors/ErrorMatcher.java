package dev.slipway.runner.errors;

import java.util.List;

/** Finds one tool's errors in a task's output. */
interface ErrorMatcher {

  /**
   * The errors this matcher recognises in {@code lines} (ANSI colours already removed), in order.
   */
  List<FoundError> find(List<String> lines);
}
