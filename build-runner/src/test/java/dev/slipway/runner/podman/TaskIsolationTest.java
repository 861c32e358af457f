package dev.slipway.runner.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.runner.domain.TaskResourceLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskIsolationTest {

  @Test
  void theBoxAndTheGrantedResourcesBecomeThePodmanArgumentsOfATask() {
    TaskResourceLimits.Granted granted = new TaskResourceLimits.Granted(4L << 30, 2000, List.of());

    assertThat(new TaskIsolation(TaskIsolation.Network.NONE, 4096).podmanArguments(granted))
        .containsExactly(
            "--network=none",
            "--cap-drop=all",
            "--cap-add=CHOWN,DAC_OVERRIDE,FOWNER,FSETID,SETGID,SETUID",
            "--security-opt=no-new-privileges",
            "--pids-limit=4096",
            "--memory=4294967296",
            "--memory-swap=4294967296",
            "--cpus=2",
            "--cgroupns=private");
  }

  @Test
  void theOutsideNetworkNeverMapsTheHostsLoopback() {
    TaskResourceLimits.Granted granted = new TaskResourceLimits.Granted(512L << 20, 500, List.of());

    assertThat(new TaskIsolation(TaskIsolation.Network.SLIRP4NETNS, 100).podmanArguments(granted))
        .contains(
            "--network=slirp4netns:allow_host_loopback=false", "--memory=536870912", "--cpus=0.5");
  }

  @Test
  void aPidsLimitPodmanWouldReadAsUnlimitedIsRefusedAtStart() {
    assertThatThrownBy(() -> new TaskIsolation(TaskIsolation.Network.NONE, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("slipway.runner.task.pids-limit");
  }
}
