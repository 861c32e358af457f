package dev.slipway.runner.podman;

import dev.slipway.events.TaskResources;
import dev.slipway.runner.domain.TaskResourceLimits;
import java.util.List;

/**
 * What a task container may reach and use: its network, capabilities and resource limits, as podman
 * arguments. A task runs a pull request's code, forks included, so it gets no path to the runner's
 * machine or the platform, and only the capabilities a build needs on its own files.
 *
 * @param network what the container's network namespace holds
 * @param pidsLimit the most processes and threads the container may have at once
 */
public record TaskIsolation(Network network, int pidsLimit) {

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
   * Kept from podman's defaults so a build can still install packages and set file owners and modes
   * inside its own container (apt, apk, tar, npm as root) and switch users (apt's sandbox user,
   * test suites that drop root); everything else is dropped.
   */
  public static final List<String> CAPABILITIES =
      List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "SETGID", "SETUID");

  public TaskIsolation {
    if (pidsLimit < 1) {
      throw new IllegalArgumentException(
          "slipway.runner.task.pids-limit must be at least 1, was " + pidsLimit);
    }
  }

  /**
   * The arguments of {@code podman run} that put a task container in its box, with the memory and
   * CPUs this run was granted; swap is not added on top of the memory.
   */
  List<String> podmanArguments(TaskResourceLimits.Granted resources) {
    return List.of(
        "--network=" + network.podmanValue,
        "--cap-drop=all",
        "--cap-add=" + String.join(",", CAPABILITIES),
        "--security-opt=no-new-privileges",
        "--pids-limit=" + pidsLimit,
        "--memory=" + resources.memoryBytes(),
        "--memory-swap=" + resources.memoryBytes(),
        "--cpus=" + TaskResources.cpus(resources.milliCpus()),
        "--cgroupns=private");
  }
}
