package dev.slipway.compiler.domain;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shapes the values of {@code .slipway.yml} must have. */
final class Syntax {

  static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})(s|m|h)");
  private static final Pattern SECRET_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final Pattern HEALTH_PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");

  // The grammar of github.com/distribution/reference: [domain[:port]/]path[:tag][@digest].
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN =
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?)";
  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern IMAGE_REFERENCE =
      Pattern.compile(
          "(?:"
              + DOMAIN
              + "/)?"
              + PATH_COMPONENT
              + "(?:/"
              + PATH_COMPONENT
              + ")*"
              + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
              + "(?:@sha256:[a-f0-9]{64})?");

  private Syntax() {}

  /** A Kubernetes/DNS label: lower-case letters, digits and dashes, at most 63. */
  static boolean isDnsLabel(String text) {
    return DNS_LABEL.matcher(text).matches();
  }

  static boolean isEnvName(String text) {
    return ENV_NAME.matcher(text).matches();
  }

  static boolean isSecretName(String text) {
    return SECRET_NAME.matcher(text).matches();
  }

  static boolean isImageReference(String text) {
    return text.length() <= 255 && IMAGE_REFERENCE.matcher(text).matches();
  }

  static boolean isHealthPath(String text) {
    return text.length() <= 1024 && HEALTH_PATH.matcher(text).matches();
  }

  /** A path inside the repository: relative, without {@code ..}, printable. */
  static boolean isRepositoryPath(String text) {
    if (text.isEmpty() || text.length() > 1024 || text.startsWith("/") || text.startsWith("-")) {
      return false;
    }
    for (String part : text.split("/", -1)) {
      if (part.equals("..")) {
        return false;
      }
    }
    return text.chars().allMatch(c -> c >= 0x20 && c != 0x7f);
  }

  /** {@code 90s}, {@code 20m}, {@code 1h}; empty when the text is no such duration. */
  static Optional<Duration> duration(String text) {
    Matcher matcher = DURATION.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(matcher.group(1));
    switch (matcher.group(2)) {
      case "s":
        return Optional.of(Duration.ofSeconds(amount));
      case "m":
        return Optional.of(Duration.ofMinutes(amount));
      default:
        return Optional.of(Duration.ofHours(amount));
    }
  }
}
