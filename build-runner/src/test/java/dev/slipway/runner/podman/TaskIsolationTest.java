package dev.slipway.runner.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskIsolationTest {

  @Test
  void theDefaultsBecomeThePodmanArgumentsOfATask() {
    assertThat(new TaskIsolation(TaskIsolation.Network.NONE, "4g", "2", 4096).podmanArguments())
        .containsExactly(
            "--network=none",
            "--cap-drop=all",
            "--cap-add=CHOWN,DAC_OVERRIDE,FOWNER,FSETID,SETGID,SETUID",
            "--security-opt=no-new-privileges",
            "--pids-limit=4096",
            "--memory=4g",
            "--memory-swap=4g",
            "--cpus=2",
            "--cgroupns=private");
  }

  @Test
  void theOutsideNetworkNeverMapsTheHostsLoopback() {
    assertThat(new TaskIsolation(TaskIsolation.Network.SLIRP4NETNS, "512m", "0.5", 100).podmanArguments())
        .contains("--network=slirp4netns:allow_host_loopback=false", "--memory=512m", "--cpus=0.5");
  }

  @ParameterizedTest(name = "memory {0}, cpus {1}, pids {2}")
  @CsvSource({
    "4gb, 2, 100, memory",
    "'', 2, 100, memory",
    "-1g, 2, 100, memory",
    "4g, 0, 100, cpus",
    "4g, two, 100, cpus",
    "4g, 0.0, 100, cpus",
    "4g, 2, 0, pids-limit",
  })
  void settingsPodmanWouldRefuseOrReadAsUnlimitedAreRefusedAtStart(String memory, String cpus, int pids, String setting) {
    assertThatThrownBy(() -> new TaskIsolation(TaskIsolation.Network.NONE, memory, cpus, pids))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("slipway.runner.task." + setting);
  }
}
