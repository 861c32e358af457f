package dev.slipway.events;

/**
 * One error found in a task's output, in a tool-independent shape. File, line and column are absent
 * (null) when the tool did not name them.
 */
public record NormalizedError(
    String tool, String file, Integer line, Integer column, String message) {

  /** {@code file:line:column: message}, leaving out what is absent. */
  public String describe() {
    StringBuilder where = new StringBuilder();
    if (file != null) {
      where.append(file);
      if (line != null) {
        where.append(':').append(line);
        if (column != null) {
          where.append(':').append(column);
        }
      }
      where.append(": ");
    }
    return where + message;
  }
}
