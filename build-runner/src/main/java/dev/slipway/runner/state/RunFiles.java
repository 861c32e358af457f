package dev.slipway.runner.state;

import java.util.regex.Pattern;

/** Run ids become file and container names: only ids of a safe shape are accepted. */
public final class RunFiles {

  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private RunFiles() {}

  public static boolean isSafe(String runId) {
    return runId != null && SAFE_ID.matcher(runId).matches();
  }

  /**
   * @throws IllegalArgumentException for an id that could name a path or option
   */
  public static String checked(String runId) {
    if (!isSafe(runId)) {
      throw new IllegalArgumentException("run id must match " + SAFE_ID.pattern() + ": " + runId);
    }
    return runId;
  }
}
