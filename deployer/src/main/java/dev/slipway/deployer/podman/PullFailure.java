package dev.slipway.deployer.podman;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Why {@code podman pull} failed, read from what it printed: the registry could not be reached or
 * answered with a server error (try again later), the registry has no such image (no retry brings
 * it), or anything else (refused, reported as it stands). Unknown texts are not retried: an event
 * retried for ever would hold up every later release of the deployer's datacenters.
 *
 * @param reason podman's own words for the cause, e.g. "connection refused" or "manifest unknown"
 * @param error podman's whole error line, for the log
 */
record PullFailure(Kind kind, String reason, String error) {

  enum Kind {
    REGISTRY_UNREACHABLE,
    IMAGE_MISSING,
    REFUSED
  }

  /**
   * Go's network errors (net, net/http, context) as containers/image passes them on, and 5xx or 429
   * answers.
   */
  private static final Pattern UNREACHABLE =
      Pattern.compile(
          "connection refused|connection reset|no such host|network is unreachable|no route to host|i/o timeout"
              + "|TLS handshake timeout|Client\\.Timeout exceeded|context deadline exceeded|: EOF$|unexpected EOF"
              + "|status code from registry (5\\d\\d|429)|unexpected HTTP status: (5\\d\\d|429)|toomanyrequests");

  /** The registry's answers for a repository, tag or digest it does not hold. */
  private static final Pattern MISSING =
      Pattern.compile("manifest unknown|name unknown|not found: manifest");

  static PullFailure of(String stderr) {
    String error = errorLine(stderr);
    Kind kind =
        MISSING.matcher(error).find()
            ? Kind.IMAGE_MISSING
            : UNREACHABLE.matcher(error).find() ? Kind.REGISTRY_UNREACHABLE : Kind.REFUSED;
    return new PullFailure(kind, reason(error), error);
  }

  /**
   * The last "Error:" line: podman prints its own retries as warnings before it, and those may come
   * after it in the merged output.
   */
  private static String errorLine(String stderr) {
    List<String> lines =
        stderr
            .strip()
            .lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .collect(Collectors.toList());
    List<String> errors =
        lines.stream().filter(line -> line.startsWith("Error:")).collect(Collectors.toList());
    if (!errors.isEmpty()) {
      return errors.get(errors.size() - 1);
    }
    return lines.isEmpty() ? "(no message)" : lines.get(lines.size() - 1);
  }

  /**
   * The innermost cause: podman chains its errors with ": ", the registry's own words come last,
   * after the registry's error code when it sent one ("toomanyrequests: slow down").
   */
  private static String reason(String error) {
    String[] parts = error.split(": ");
    String last = parts[parts.length - 1].strip();
    String before = parts.length > 1 ? parts[parts.length - 2].strip() : "";
    return before.matches("[a-z]+") && !before.equals(last) ? before + ": " + last : last;
  }
}
