package dev.slipway.runner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.events.TaskResources;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskResourceLimitsTest {

  private final TaskResourceLimits limits = TaskResourceLimits.of("4g", "8g", "2", "4");

  @Test
  void aTaskThatAsksForNothingGetsTheDefaults() {
    assertThat(limits.grant(TaskResources.PLATFORM_DEFAULTS))
        .isEqualTo(new TaskResourceLimits.Granted(4L << 30, 2000, List.of()));
  }

  @Test
  void aTaskGetsWhatItAsksForWithinTheMaximumsAndTheDefaultForTheRest() {
    assertThat(limits.grant(new TaskResources(6L << 30, 0)))
        .isEqualTo(new TaskResourceLimits.Granted(6L << 30, 2000, List.of()));
    assertThat(limits.grant(new TaskResources(0, 500)))
        .isEqualTo(new TaskResourceLimits.Granted(4L << 30, 500, List.of()));
  }

  @Test
  void aRequestAboveTheMaximumIsCutToItAndTheLogSaysSo() {
    TaskResourceLimits.Granted granted = limits.grant(new TaskResources(64L << 30, 16000));

    assertThat(granted.memoryBytes()).isEqualTo(8L << 30);
    assertThat(granted.milliCpus()).isEqualTo(4000);
    assertThat(granted.notes())
        .containsExactly(
            "resources.memory 64g is above this platform's maximum of 8g; the task gets 8g",
            "resources.cpus 16 is above this platform's maximum of 4; the task gets 4");
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @CsvSource({
    "4gb, 8g, 2, 4, slipway.runner.task.memory must be a size",
    "4g, 8, 2, 4, slipway.runner.task.max-memory must be a size",
    "4g, 8g, 0, 4, slipway.runner.task.cpus must be a positive number",
    "4g, 8g, 2, two, slipway.runner.task.max-cpus must be a positive number",
    "16g, 8g, 2, 4, slipway.runner.task.memory=16g is above slipway.runner.task.max-memory=8g",
    "4g, 8g, 8, 4, slipway.runner.task.cpus=8 is above slipway.runner.task.max-cpus=4",
  })
  void settingsThatCannotWorkAreRefusedAtStart(
      String memory, String maxMemory, String cpus, String maxCpus, String message) {
    assertThatThrownBy(() -> TaskResourceLimits.of(memory, maxMemory, cpus, maxCpus))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
