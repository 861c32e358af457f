package dev.slipway.runner.podman;

import dev.slipway.runner.domain.TaskResourceLimits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a task container may reach and use: its network, capabilities and resource limits, as a part
 * of its podman spec. A task runs a pull request's code, forks included, so it gets no path to the
 * runner's machine or the platform, and only the capabilities a build needs on its own files.
 *
 * @param network what the container's network namespace holds
 * @param pidsLimit the most processes and threads the container may have at once
 */
public record TaskIsolation(Network network, int pidsLimit) {

  /** A task's network namespace. */
  public enum Network {
    /** Loopback only: nothing outside the container is reachable. */
    NONE(Map.of("netns", Map.of("nsmode", "none"))),
    /**
     * A user-mode stack that reaches the outside but not the host's loopback. It does reach the
     * host's other addresses and every network the host reaches, so use it only behind an egress
     * firewall rule that drops those.
     */
    SLIRP4NETNS(
        Map.of(
            "netns",
            Map.of("nsmode", "slirp4netns"),
            "network_options",
            Map.of("slirp4netns", List.of("allow_host_loopback=false"))));

    private final Map<String, Object> spec;

    Network(Map<String, Object> spec) {
      this.spec = spec;
    }
  }

  /**
   * Kept from podman's defaults so a build can still install packages and set file owners and modes
   * inside its own container (apt, apk, tar, npm as root) and switch users (apt's sandbox user,
   * test suites that drop root); everything else is dropped.
   */
  public static final List<String> CAPABILITIES =
      List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "SETGID", "SETUID");

  /** The period a task's CPU quota is counted in, podman's default for {@code --cpus}. */
  private static final long CPU_PERIOD_MICROS = 100_000;

  public TaskIsolation {
    if (pidsLimit < 1) {
      throw new IllegalArgumentException(
          "slipway.runner.task.pids-limit must be at least 1, was " + pidsLimit);
    }
  }

  /**
   * The part of a task container's spec (podman's API, {@code SpecGenerator}) that puts it in its
   * box, with the memory and CPUs this run was granted; swap is not added on top of the memory.
   */
  Map<String, Object> spec(TaskResourceLimits.Granted resources) {
    Map<String, Object> spec = new LinkedHashMap<>(network.spec);
    spec.put("cap_drop", List.of("ALL"));
    spec.put("cap_add", CAPABILITIES);
    spec.put("no_new_privileges", true);
    spec.put(
        "resource_limits",
        Map.of(
            "pids",
            Map.of("limit", pidsLimit),
            "memory",
            Map.of("limit", resources.memoryBytes(), "swap", resources.memoryBytes()),
            "cpu",
            Map.of(
                "period",
                CPU_PERIOD_MICROS,
                "quota",
                resources.milliCpus() * CPU_PERIOD_MICROS / 1000)));
    spec.put("cgroupns", Map.of("nsmode", "private"));
    return spec;
  }
}
