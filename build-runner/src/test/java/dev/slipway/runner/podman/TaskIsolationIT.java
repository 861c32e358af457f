package dev.slipway.runner.podman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskResources;
import dev.slipway.runner.domain.Outcome;
import dev.slipway.runner.domain.TaskResourceLimits;
import dev.slipway.runner.state.RunLogFiles;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pull request's task attacking the runner's machine from inside its container, run through the
 * podman executor with real podman and the real registry: what the task's log shows is what its
 * author would see.
 */
class TaskIsolationIT {

  private static final TaskResourceLimits LIMITS = TaskResourceLimits.of("256m", "512m", "1", "1");

  /** cgroup v1 and v2 name the files differently; either way the line starts with the limit. */
  private static final String PRINT_LIMITS =
      """
      echo "memory limit $(busybox cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || busybox cat /sys/fs/cgroup/memory.max)"
      echo "cpu quota $(busybox cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null || busybox cat /sys/fs/cgroup/cpu.max)"
      """;

  private static Path root;
  private static TestRepository repository;
  private static PodmanExecutor executor;
  private static RunLogFiles logs;
  private static final List<ServerSocket> listeners = new ArrayList<>();
  private static final AtomicInteger accepted = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    root = Files.createTempDirectory("slipway-isolation");
    repository = TestRepository.create("README", "x\n");
    logs = new RunLogFiles(root.resolve("logs"));
    executor = PodmanExecutors.under(root).logs(logs).pidsLimit(64).limits(LIMITS).build();
    for (InetAddress address : hostAddresses()) {
      ServerSocket listener = new ServerSocket(0, 50, address);
      listeners.add(listener);
      Thread acceptor = new Thread(() -> accept(listener), "isolation-listener");
      acceptor.setDaemon(true);
      acceptor.start();
    }
  }

  @AfterAll
  static void stop() throws IOException {
    for (ServerSocket listener : listeners) {
      listener.close();
    }
  }

  @Test
  void aTaskReachesNoPortOfTheRunnersMachineAndEndsWithItsOwnExitCode() throws Exception {
    String probes =
        listeners.stream()
            .map(
                listener ->
                    listener.getInetAddress().getHostAddress() + " " + listener.getLocalPort())
            .map(
                target ->
                    "if busybox nc -w 2 "
                        + target
                        + " </dev/null; then echo \"reached "
                        + target
                        + "\"; else echo \"unreachable "
                        + target
                        + "\"; fi")
            .collect(Collectors.joining("\n"));

    ExecutedTask ran = run(probes + "\nexit 7\n");

    assertThat(listeners)
        .extracting(listener -> listener.getInetAddress().getHostAddress())
        .as("the runner's machine listens on loopback and on its other addresses")
        .contains("127.0.0.1");
    for (ServerSocket listener : listeners) {
      assertThat(ran.log())
          .contains(
              "unreachable "
                  + listener.getInetAddress().getHostAddress()
                  + " "
                  + listener.getLocalPort());
    }
    assertThat(ran.log()).doesNotContain("reached ");
    assertThat(accepted).as("connections the host's listeners accepted").hasValue(0);
    assertThat(ran.outcome()).isEqualTo(new Outcome.Exited(7));
  }

  @Test
  void aTaskHasOnlyTheListedCapabilitiesNoNewPrivilegesItsOwnCgroupsAndItsLimits()
      throws Exception {
    ExecutedTask ran =
        run(
            """
            busybox grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status
            busybox sed 's/^/cgroup /' /proc/self/cgroup
            """
                + PRINT_LIMITS);

    // CHOWN (bit 0), DAC_OVERRIDE (1), FOWNER (3), FSETID (4), SETGID (6), SETUID (7): 0xdb.
    assertThat(ran.log())
        .contains("CapEff:\t00000000000000db", "CapBnd:\t00000000000000db", "NoNewPrivs:\t1");
    assertThat(ran.log().lines().filter(line -> line.startsWith("cgroup ")))
        .as("the container sees its own cgroups as the root, not the host's hierarchy")
        .isNotEmpty()
        .allMatch(line -> line.endsWith(":/"));
    assertThat(ran.log()).contains("memory limit " + 256 * 1024 * 1024, "cpu quota 100000");
    assertThat(ran.outcome()).isEqualTo(new Outcome.Exited(0));
  }

  @Test
  void aTaskGetsTheResourcesItAsksForUpToThePlatformsMaximum() throws Exception {
    ExecutedTask modest = run(PRINT_LIMITS, new TaskResources(128L << 20, 500));
    ExecutedTask greedy = run(PRINT_LIMITS, new TaskResources(64L << 30, 0));

    assertThat(modest.log())
        .contains("memory limit " + 128 * 1024 * 1024, "cpu quota 50000")
        .doesNotContain("maximum");
    assertThat(greedy.log())
        .contains(
            "resources.memory 64g is above this platform's maximum of 512m; the task gets 512m",
            "memory limit " + 512 * 1024 * 1024,
            "cpu quota 100000");
    assertThat(greedy.outcome()).isEqualTo(new Outcome.Exited(0));
  }

  @Test
  void aForkBombStopsAtThePidsLimit() throws Exception {
    ExecutedTask ran =
        run(
            """
            (for i in $(busybox seq 200); do busybox sleep 60 & done)
            echo "fork bomb ended with $?"
            kill -9 -1
            wait
            exit 5
            """);

    assertThat(ran.log()).contains("can't fork", "fork bomb ended with 2");
    assertThat(ran.outcome()).isEqualTo(new Outcome.Exited(5));
  }

  @Test
  void aReportThatLinksToAFileOfTheRunnersMachineIsNotRead() throws Exception {
    Path hostFile = root.resolve("TEST-host.xml");
    Files.writeString(hostFile, "<testsuite name=\"runner-machine-secret\"/>\n");

    ExecutedTask ran =
        run(
            "busybox ln -s "
                + hostFile.toAbsolutePath()
                + " TEST-leak.xml\n"
                + "echo '<testsuite name=\"task-report\"/>' > TEST-own.xml\n");

    assertThat(ran.junitReports()).hasSize(1).allMatch(report -> report.contains("task-report"));
    assertThat(ran.outcome()).isEqualTo(new Outcome.Exited(0));
  }

  private static ExecutedTask run(String entrypoint) throws InterruptedException {
    return run(entrypoint, TaskResources.PLATFORM_DEFAULTS);
  }

  private static ExecutedTask run(String entrypoint, TaskResources resources)
      throws InterruptedException {
    TaskPlanned task =
        repository
            .forkTask()
            .entrypoint(entrypoint)
            .timeoutSeconds(120)
            .resources(resources)
            .build();
    return ExecutedTask.run(executor, logs, task);
  }

  /** The host's loopback and every IPv4 address of its interfaces that are up. */
  private static List<InetAddress> hostAddresses() throws IOException {
    List<InetAddress> addresses = new ArrayList<>(List.of(InetAddress.getByName("127.0.0.1")));
    for (NetworkInterface network : NetworkInterface.networkInterfaces().toList()) {
      if (network.isUp() && !network.isLoopback()) {
        network.inetAddresses().filter(Inet4Address.class::isInstance).forEach(addresses::add);
      }
    }
    return addresses;
  }

  private static void accept(ServerSocket listener) {
    while (!listener.isClosed()) {
      try (Socket connection = listener.accept()) {
        accepted.incrementAndGet();
      } catch (IOException e) {
        return;
      }
    }
  }
}
