package dev.slipway.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskResourcesTest {

  @ParameterizedTest
  @CsvSource({
    "512m, 536870912, 512m",
    "512Mi, 536870912, 512m",
    "2g, 2147483648, 2g",
    "1536m, 1610612736, 1536m",
    "64k, 65536, 64k"
  })
  void sizesAreInPowersOf1024(String text, long bytes, String written) {
    assertThat(TaskResources.memoryBytes(text)).contains(bytes);
    assertThat(TaskResources.size(bytes)).isEqualTo(written);
  }

  @ParameterizedTest
  @CsvSource({"2, 2000, 2", "0.5, 500, 0.5", "1.25, 1250, 1.25", "0.001, 1, 0.001"})
  void cpusAreInThousandths(String text, long milliCpus, String written) {
    assertThat(TaskResources.milliCpus(text)).contains(milliCpus);
    assertThat(TaskResources.cpus(milliCpus)).isEqualTo(written);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2048", "2G", "-1g", "0g", "1.5g", "1t", "9999999g", ""})
  void otherSizesAreNone(String text) {
    assertThat(TaskResources.memoryBytes(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1,5", "0.0001", "-1", "1e3", "2 cpus", "1000"})
  void otherCpuCountsAreNone(String text) {
    assertThat(TaskResources.milliCpus(text)).isEmpty();
  }
}
