package dev.slipway.runner.domain;

import dev.slipway.events.TaskResources;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * What the platform gives a task container: its defaults, and the most a repository may ask for in
 * its {@code .slipway.yml} ({@code resources}). A request above the maximum is cut to it and the
 * run's log says so, rather than failing a run that would likely pass with less.
 */
public record TaskResourceLimits(
    long defaultMemoryBytes, long maxMemoryBytes, long defaultMilliCpus, long maxMilliCpus) {

  /** What one run gets, and the lines its log shows about it (none when nothing was cut). */
  public record Granted(long memoryBytes, long milliCpus, List<String> notes) {

    public Granted {
      notes = List.copyOf(notes);
    }
  }

  public TaskResourceLimits {
    if (defaultMemoryBytes <= 0 || defaultMilliCpus <= 0) {
      throw new IllegalArgumentException("a task's default memory and CPUs must be positive");
    }
    if (defaultMemoryBytes > maxMemoryBytes) {
      throw new IllegalArgumentException(
          "slipway.runner.task.memory="
              + TaskResources.size(defaultMemoryBytes)
              + " is above slipway.runner.task.max-memory="
              + TaskResources.size(maxMemoryBytes));
    }
    if (defaultMilliCpus > maxMilliCpus) {
      throw new IllegalArgumentException(
          "slipway.runner.task.cpus="
              + TaskResources.cpus(defaultMilliCpus)
              + " is above slipway.runner.task.max-cpus="
              + TaskResources.cpus(maxMilliCpus));
    }
  }

  /**
   * Settings as podman writes them ({@code 4g}, {@code 2}).
   *
   * @throws IllegalArgumentException naming the setting that is not a size or a CPU count
   */
  public static TaskResourceLimits of(
      String memory, String maxMemory, String cpus, String maxCpus) {
    return new TaskResourceLimits(
        bytes("memory", memory),
        bytes("max-memory", maxMemory),
        milliCpus("cpus", cpus),
        milliCpus("max-cpus", maxCpus));
  }

  public Granted grant(TaskResources asked) {
    List<String> notes = new ArrayList<>();
    long memory =
        amount(
            asked.memoryBytes(),
            defaultMemoryBytes,
            maxMemoryBytes,
            "memory",
            TaskResources::size,
            notes);
    long cpus =
        amount(
            asked.milliCpus(), defaultMilliCpus, maxMilliCpus, "cpus", TaskResources::cpus, notes);
    return new Granted(memory, cpus, notes);
  }

  private static long amount(
      long asked,
      long byDefault,
      long maximum,
      String key,
      LongFunction<String> written,
      List<String> notes) {
    if (asked == 0) {
      return byDefault;
    }
    if (asked > maximum) {
      notes.add(
          "resources."
              + key
              + " "
              + written.apply(asked)
              + " is above this platform's maximum of "
              + written.apply(maximum)
              + "; the task gets "
              + written.apply(maximum));
      return maximum;
    }
    return asked;
  }

  private static long bytes(String setting, String value) {
    return TaskResources.memoryBytes(value)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "slipway.runner.task."
                        + setting
                        + " must be a size like 4g or 512m, was "
                        + value));
  }

  private static long milliCpus(String setting, String value) {
    return TaskResources.milliCpus(value)
        .filter(milli -> milli > 0)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "slipway.runner.task."
                        + setting
                        + " must be a positive number like 2 or 0.5, was "
                        + value));
  }
}
