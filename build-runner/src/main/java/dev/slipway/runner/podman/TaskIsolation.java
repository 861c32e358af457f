package dev.slipway.runner.podman;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a task container may reach and use: its network, capabilities and resource limits, as
 * podman arguments. A task runs a pull request's code, forks included, so it gets no path to the
 * runner's machine or the platform, and only the capabilities a build needs on its own files.
 *
 * @param network what the container's network namespace holds
 * @param memory podman's {@code --memory}, e.g. {@code 4g}; swap is not added on top
 * @param cpus podman's {@code --cpus}, e.g. {@code 2} or {@code 0.5}
 * @param pidsLimit the most processes and threads the container may have at once
 */
public record TaskIsolation(Network network, String memory, String cpus, int pidsLimit) {

  /** A task's network namespace. */
  public enum Network {
    /** Loopback only: nothing outside the container is reachable. */
    NONE("none"),
    /**
     * A user-mode stack that reaches the outside but not the host's loopback. It does reach the
     * host's other addresses and every network the host reaches, so use it only behind an egress
     * firewall rule that drops those.
     */
    SLIRP4NETNS("slirp4netns:allow_host_loopback=false");

    private final String podmanValue;

    Network(String podmanValue) {
      this.podmanValue = podmanValue;
    }
  }

  /**
   * Kept from podman's defaults so a build can still install packages and set file owners and
   * modes inside its own container (apt, apk, tar, npm as root) and switch users (apt's sandbox
   * user, test suites that drop root); everything else is dropped.
   */
  public static final List<String> CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "SETGID", "SETUID");

  private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]*[bkmg]?");
  private static final Pattern CPUS = Pattern.compile("([1-9][0-9]*(\\.[0-9]+)?|0\\.[0-9]*[1-9][0-9]*)");

  public TaskIsolation {
    if (!MEMORY.matcher(memory).matches()) {
      throw new IllegalArgumentException("slipway.runner.task.memory must be a size like 4g or 512m, was " + memory);
    }
    if (!CPUS.matcher(cpus).matches()) {
      throw new IllegalArgumentException("slipway.runner.task.cpus must be a positive number like 2 or 0.5, was " + cpus);
    }
    if (pidsLimit < 1) {
      throw new IllegalArgumentException("slipway.runner.task.pids-limit must be at least 1, was " + pidsLimit);
    }
  }

  /** The arguments of {@code podman run} that put a task container in its box. */
  List<String> podmanArguments() {
    return List.of(
        "--network=" + network.podmanValue,
        "--cap-drop=all",
        "--cap-add=" + String.join(",", CAPABILITIES),
        "--security-opt=no-new-privileges",
        "--pids-limit=" + pidsLimit,
        "--memory=" + memory,
        "--memory-swap=" + memory,
        "--cpus=" + cpus,
        "--cgroupns=private");
  }
}
