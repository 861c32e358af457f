package dev.slipway.events;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one task asks of the machine it runs on, from its {@code .slipway.yml}; zero leaves the
 * platform's default. The runner grants at most the platform's maximum of each.
 *
 * @param memoryBytes the task container's memory limit, 0 for the platform's default
 * @param milliCpus the task container's CPU limit in thousandths of a CPU, 0 for the platform's
 *     default
 */
public record TaskResources(long memoryBytes, long milliCpus) {

  /** A task that asks for nothing beyond what the platform gives every task. */
  public static final TaskResources PLATFORM_DEFAULTS = new TaskResources(0, 0);

  private static final Pattern MEMORY = Pattern.compile("([1-9][0-9]{0,5})(k|m|g|Ki|Mi|Gi)");
  private static final Pattern CPUS = Pattern.compile("([0-9]{1,3})(?:\\.([0-9]{1,3}))?");

  public TaskResources {
    if (memoryBytes < 0 || milliCpus < 0) {
      throw new IllegalArgumentException(
          "resources cannot be negative: memory " + memoryBytes + ", milli-CPUs " + milliCpus);
    }
  }

  /**
   * {@code 512m}, {@code 2g} (podman's units) or {@code 512Mi}, {@code 2Gi} (Kubernetes'), all
   * powers of 1024, in bytes; empty when the text is no such size.
   */
  public static Optional<Long> memoryBytes(String text) {
    Matcher matcher = MEMORY.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    int shift =
        switch (matcher.group(2)) {
          case "k", "Ki" -> 10;
          case "m", "Mi" -> 20;
          default -> 30;
        };
    return Optional.of(Long.parseLong(matcher.group(1)) << shift);
  }

  /**
   * {@code 2}, {@code 0.5}, {@code 1.25} CPUs, in thousandths; empty when the text is no such
   * number.
   */
  public static Optional<Long> milliCpus(String text) {
    Matcher matcher = CPUS.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String fraction = matcher.group(2) == null ? "" : matcher.group(2);
    return Optional.of(
        Long.parseLong(matcher.group(1)) * 1000
            + Long.parseLong((fraction + "000").substring(0, 3)));
  }

  /** Thousandths of a CPU as a number of CPUs: {@code 1500} is {@code 1.5}. */
  public static String cpus(long milliCpus) {
    return BigDecimal.valueOf(milliCpus, 3).stripTrailingZeros().toPlainString();
  }

  /** Bytes in the largest whole unit: {@code 2g}, {@code 512m}, {@code 1536m}. */
  public static String size(long bytes) {
    String[] units = {"k", "m", "g"};
    for (int unit = units.length; unit > 0; unit--) {
      int shift = 10 * unit;
      if (bytes % (1L << shift) == 0) {
        return (bytes >> shift) + units[unit - 1];
      }
    }
    return bytes + "b";
  }

  /** Each amount this one leaves at the default is taken from {@code fallback}. */
  public TaskResources or(TaskResources fallback) {
    return new TaskResources(
        memoryBytes != 0 ? memoryBytes : fallback.memoryBytes(),
        milliCpus != 0 ? milliCpus : fallback.milliCpus());
  }
}
