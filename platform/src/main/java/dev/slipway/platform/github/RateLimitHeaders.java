package dev.slipway.platform.github;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When GitHub says requests may resume, read from a refused response's headers: the reporter's
 * writes and the compiler's reads of the contents API wait the same way.
 */
public final class RateLimitHeaders {

  private RateLimitHeaders() {}

  /**
   * {@code Retry-After} (seconds from now) first, then {@code X-RateLimit-Reset} (epoch seconds)
   * when {@code X-RateLimit-Remaining} is 0; empty when neither says anything.
   */
  public static Optional<Instant> retryAt(Map<String, List<String>> headers, Instant now) {
    Optional<Long> retryAfter = number(headers, "Retry-After");
    if (retryAfter.isPresent()) {
      return Optional.of(now.plusSeconds(Math.max(0, retryAfter.get())));
    }
    boolean exhausted =
        number(headers, "X-RateLimit-Remaining").map(remaining -> remaining == 0).orElse(false);
    if (exhausted) {
      return number(headers, "X-RateLimit-Reset").map(Instant::ofEpochSecond);
    }
    return Optional.empty();
  }

  /**
   * Whether a 403 is GitHub's primary ({@code X-RateLimit-Remaining: 0}) or secondary ({@code
   * Retry-After}, {@code gh-limited-by}) rate limit rather than a missing permission.
   */
  public static boolean isRateLimit(Map<String, List<String>> headers) {
    return number(headers, "Retry-After").isPresent()
        || number(headers, "X-RateLimit-Remaining").map(remaining -> remaining == 0).orElse(false)
        || headers.keySet().stream().anyMatch("gh-limited-by"::equalsIgnoreCase);
  }

  private static Optional<Long> number(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (name.equalsIgnoreCase(header.getKey())
          && header.getValue() != null
          && !header.getValue().isEmpty()) {
        try {
          return Optional.of(Long.parseLong(header.getValue().get(0).trim()));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
