package dev.slipway.runner.domain;

/**
 * The end of a run's log: its last lines, how many bytes came before them and the log's length, so
 * a reader can point at the whole log and follow it from its end.
 */
public record LogTail(String text, long skippedBytes, long length) {

  public boolean isPartial() {
    return skippedBytes > 0;
  }
}
