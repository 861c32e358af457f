package dev.slipway.runner.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.runner.domain.TaskResourceLimits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskIsolationTest {

  @Test
  void theBoxAndTheGrantedResourcesBecomeThePodmanSpecOfATask() {
    TaskResourceLimits.Granted granted = new TaskResourceLimits.Granted(4L << 30, 2000, List.of());

    assertThat(new TaskIsolation(TaskIsolation.Network.NONE, 4096).spec(granted))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "netns",
                Map.of("nsmode", "none"),
                "cap_drop",
                List.of("ALL"),
                "cap_add",
                List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "SETGID", "SETUID"),
                "no_new_privileges",
                true,
                "resource_limits",
                Map.of(
                    "pids",
                    Map.of("limit", 4096),
                    "memory",
                    Map.of("limit", 4294967296L, "swap", 4294967296L),
                    "cpu",
                    Map.of("period", 100_000L, "quota", 200_000L)),
                "cgroupns",
                Map.of("nsmode", "private")));
  }

  @Test
  void theOutsideNetworkNeverMapsTheHostsLoopback() {
    TaskResourceLimits.Granted granted = new TaskResourceLimits.Granted(512L << 20, 500, List.of());

    Map<String, Object> spec =
        new TaskIsolation(TaskIsolation.Network.SLIRP4NETNS, 100).spec(granted);

    assertThat(spec)
        .containsEntry("netns", Map.of("nsmode", "slirp4netns"))
        .containsEntry(
            "network_options", Map.of("slirp4netns", List.of("allow_host_loopback=false")));
    assertThat(spec.get("resource_limits").toString()).contains("quota=50000");
  }

  @Test
  void aPidsLimitPodmanWouldReadAsUnlimitedIsRefusedAtStart() {
    assertThatThrownBy(() -> new TaskIsolation(TaskIsolation.Network.NONE, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("slipway.runner.task.pids-limit");
  }
}
