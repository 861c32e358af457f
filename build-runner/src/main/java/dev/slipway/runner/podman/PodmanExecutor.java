package dev.slipway.runner.podman;

import dev.slipway.events.TaskPlanned;
import dev.slipway.platform.containers.Podman;
import dev.slipway.runner.domain.Execution;
import dev.slipway.runner.domain.Outcome;
import dev.slipway.runner.domain.RunRequest;
import dev.slipway.runner.domain.TaskExecutor;
import dev.slipway.runner.domain.TaskResourceLimits;
import dev.slipway.runner.domain.TaskSecrets;
import dev.slipway.runner.git.GitCheckout;
import dev.slipway.runner.registry.TaskImages;
import dev.slipway.runner.state.RunFiles;
import dev.slipway.runner.state.RunLogFiles;
import dev.slipway.runner.state.TruncatingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each task as a podman container on this machine: the clone step (in the runner) into a
 * workspace folder, then the task image (pulled from the registry) with the workspace mounted at
 * {@code /workspace}. Containers carry the run's labels, so a restarted runner finds and follows
 * them; their output is kept in the run's log, up to the run's limit ({@link ContainerLogFile}).
 * The clone needs the git server and runs none of the repository's code; the task container, which
 * does, runs boxed in by {@link TaskIsolation}.
 */
public final class PodmanExecutor implements TaskExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(PodmanExecutor.class);
  static final String RUN_ID_LABEL = "slipway.run-id";
  private static final String NAME_PREFIX = "slipway-run-";
  private static final Duration MIN_WAIT = Duration.ofSeconds(2);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Set<String> ENDED = Set.of("exited", "stopped");
  private static final int MAX_REPORT_BYTES = 5 * 1024 * 1024;
  private static final Pattern ENGINE_VARIABLE =
      Pattern.compile(
          "(?i)(PATH|HOME|TMPDIR|USER|SHELL|LANG|TZ|LC_.*|.*_PROXY|GO(DEBUG|GC|MAXPROCS|MEMLIMIT"
              + "|TRACEBACK)|(LD|XDG|CONTAINERS|PODMAN|BUILDAH|STORAGE|REGISTRY|SSL|CONMON|RUNC|OCI"
              + "|DBUS|SSH|NOTIFY|LISTEN)_.*)");

  private final Podman podman;
  private final GitCheckout git;
  private final TaskImages images;
  private final RunLogFiles logs;
  private final Path workDir;
  private final Duration stopGrace;
  private final boolean registryInsecure;
  private final TaskIsolation isolation;
  private final TaskResourceLimits resourceLimits;
  private final Clock clock;
  private final Set<String> stopRequested = ConcurrentHashMap.newKeySet();

  /**
   * Runs that had a container when the runner looked ({@link #present}, at start): only those can
   * have one before {@link #execute} starts it, so only those cost a podman call to check.
   */
  private final Set<String> foundAtStart = ConcurrentHashMap.newKeySet();

  public PodmanExecutor(
      Podman podman,
      GitCheckout git,
      TaskImages images,
      RunLogFiles logs,
      Path workDir,
      Duration stopGrace,
      boolean registryInsecure,
      TaskIsolation isolation,
      TaskResourceLimits resourceLimits,
      Clock clock) {
    this.podman = podman;
    this.git = git;
    this.images = images;
    this.logs = logs;
    this.workDir = workDir;
    this.stopGrace = stopGrace;
    this.registryInsecure = registryInsecure;
    this.isolation = isolation;
    this.resourceLimits = resourceLimits;
    this.clock = clock;
  }

  @Override
  public Execution execute(RunRequest request, Instant deadline, TaskSecrets secrets)
      throws InterruptedException {
    String runId = RunFiles.checked(request.runId());
    String name = containerName(runId);
    logs.mask(runId, secrets.masker());
    if (!(foundAtStart.contains(runId) && exists(name))) {
      Optional<String> clash = clashingVariable(secrets);
      if (clash.isPresent()) {
        String reason =
            "secret variable " + clash.get() + " cannot be set: the container engine reads it";
        logs.step(runId, reason);
        return Execution.of(new Outcome.Refused(reason));
      }
      Outcome refused = prepareAndStart(request, secrets, name, deadline);
      if (refused != null) {
        return Execution.of(refused);
      }
    } else {
      LOG.info("run={} following its existing container {}", runId, name);
    }
    return follow(runId, name, deadline);
  }

  /**
   * @return why the container was not started, or null when it runs
   */
  private Outcome prepareAndStart(
      RunRequest request, TaskSecrets secrets, String name, Instant deadline)
      throws InterruptedException {
    TaskPlanned task = request.task();
    String runId = task.runId();
    Path workspace = workspace(runId);
    try {
      Workspaces.deleteTree(workspace.getParent());
      Files.createDirectories(workspace.getParent());
      logs.step(runId, "--- clone " + task.repository() + " at " + task.sha());
      git.checkout(
          task.repository(),
          task.cloneUrl(),
          task.sha(),
          workspace,
          remaining(deadline),
          line -> logs.step(runId, line));
      String image = images.ensure(task);
      logs.step(runId, "--- image " + image);
      if (stopRequested.contains(runId)) {
        return new Outcome.Stopped();
      }
      logs.step(runId, "--- run " + task.task());
      TaskResourceLimits.Granted resources = resourceLimits.grant(task.resources());
      resources.notes().forEach(note -> logs.step(runId, note));
      // One podman call: it pulls the image only when this machine lacks it.
      startContainer(
          atLeast(remaining(deadline), START_TIMEOUT),
          runArguments(task, secrets, resources, name, image, workspace),
          secrets,
          name);
      return null;
    } catch (GitCheckout.CheckoutFailedException e) {
      logs.step(runId, "clone failed: " + e.getMessage());
      return new Outcome.Broken("clone failed: " + e.getMessage());
    } catch (TaskImages.ImageBuildException | Podman.PodmanException e) {
      logs.step(runId, e.getMessage());
      return new Outcome.Broken(e.getMessage());
    } catch (IOException e) {
      return new Outcome.Broken("cannot prepare the workspace: " + e.getMessage());
    }
  }

  /**
   * A secret's variable that podman (or conmon, runc) would read itself, since the values travel in
   * its environment: the runner's own variables, and the prefixes and names of the container tools.
   */
  private Optional<String> clashingVariable(TaskSecrets secrets) {
    return secrets.environment().keySet().stream()
        .filter(
            variable ->
                System.getenv().containsKey(variable)
                    || podman.environment().containsKey(variable)
                    || ENGINE_VARIABLE.matcher(variable).matches())
        .sorted()
        .findFirst();
  }

  /**
   * {@code podman run}, with the secrets' values in podman's own environment: the arguments name
   * the variables only ({@code --env NAME}, which podman fills from its environment), so no value
   * is on a command line anyone on the machine can list, nor in a file.
   */
  private void startContainer(
      Duration timeout, List<String> arguments, TaskSecrets secrets, String name)
      throws InterruptedException {
    if (secrets.isEmpty()) {
      podman.call(timeout, arguments).orThrow("starting " + name);
      return;
    }
    List<String> command = new ArrayList<>();
    command.add("podman");
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(podman.environment());
    builder.environment().putAll(secrets.environment());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new Podman.PodmanException("cannot run podman (is it installed?): " + e.getMessage());
    }
    try {
      // A detached, quiet run prints the container's id or its error: far less than a pipe holds.
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new Podman.PodmanException("podman run did not finish within " + timeout);
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new Podman.PodmanException(
            "starting " + name + " failed (exit " + process.exitValue() + "): " + output.strip());
      }
    } catch (IOException e) {
      throw new Podman.PodmanException("cannot read podman's answer: " + e.getMessage());
    } finally {
      process.destroyForcibly();
    }
  }

  private List<String> runArguments(
      TaskPlanned task,
      TaskSecrets secrets,
      TaskResourceLimits.Granted resources,
      String name,
      String image,
      Path workspace) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "run",
                "--detach",
                "--quiet",
                "--pull=missing",
                "--tls-verify=" + !registryInsecure,
                "--name",
                name,
                // The runner reads this driver's file itself (ContainerLogFile), whatever
                // containers.conf says.
                "--log-driver=k8s-file"));
    arguments.addAll(images.pullArguments());
    arguments.addAll(isolation.podmanArguments(resources));
    Map<String, String> labels =
        Map.of(
            RUN_ID_LABEL,
            task.runId(),
            "slipway.repo",
            task.repository(),
            "slipway.sha",
            task.sha(),
            "slipway.task",
            task.task());
    labels.forEach((key, value) -> arguments.addAll(List.of("--label", key + "=" + value)));
    arguments.addAll(
        List.of(
            "--volume",
            workspace.toAbsolutePath() + ":" + TaskImages.WORKSPACE,
            "--workdir",
            TaskImages.WORKSPACE));
    new TreeMap<>(task.env() == null ? Map.<String, String>of() : task.env())
        .forEach(
            (key, value) -> {
              if (!secrets.environment().containsKey(key)) {
                arguments.addAll(List.of("--env", key + "=" + value));
              }
            });
    new TreeSet<>(secrets.environment().keySet())
        .forEach(key -> arguments.addAll(List.of("--env", key)));
    arguments.add(image);
    return arguments;
  }

  /**
   * Copies the container's log file into the run's log (up to the run's limit, the rest drained and
   * counted) while polling the container's state, until it ended and its log is read to the end.
   */
  private Execution follow(String runId, String name, Instant deadline)
      throws InterruptedException {
    try (ContainerLogFile log = new ContainerLogFile(logFile(name));
        TruncatingOutput output = logs.truncatingOutput(runId)) {
      Integer exitCode = awaitExit(name, deadline, log, output);
      if (exitCode == null) {
        LOG.info("run={} passed its deadline, stopping {}", runId, name);
        stopContainer(name);
      }
      log.copyRest(output);
      if (output.discarded() > 0) {
        LOG.info(
            "run={} output passed the log limit, {} bytes discarded", runId, output.discarded());
      }
      if (exitCode == null) {
        return Execution.of(new Outcome.TimedOut());
      }
      if (stopRequested.contains(runId)) {
        return Execution.of(new Outcome.Stopped());
      }
      return new Execution(new Outcome.Exited(exitCode), junitReports(workspace(runId)));
    } catch (Podman.PodmanException e) {
      throwIfInterrupted(runId);
      return Execution.of(new Outcome.Broken(e.getMessage()));
    } catch (IOException e) {
      throwIfInterrupted(runId);
      stopContainer(name);
      return Execution.of(
          new Outcome.Broken("cannot keep the task's output in its log: " + e.getMessage()));
    }
  }

  /**
   * A worker interrupted because the runner stops leaves its container running for the next start
   * to follow.
   */
  private static void throwIfInterrupted(String runId) throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("run " + runId + " interrupted while it was followed");
    }
  }

  private Path logFile(String name) {
    return Path.of(inspect(name, "{{.HostConfig.LogConfig.Path}}"));
  }

  /** What {@code podman inspect} prints of the container for {@code format}, a Go template. */
  private String inspect(String name, String format) {
    return podman
        .call("inspect", "--type", "container", "--format", format, name)
        .orThrow("inspecting " + name)
        .stdout()
        .strip();
  }

  /**
   * The container's exit code once it ended, or null when the deadline passed first; copies its new
   * output into the run's log meanwhile. Polls the container's state: {@code podman wait} here
   * returns only some 20 s after the container ended, waiting on a cleanup that podman's own exit
   * hook does without the runner's configuration.
   */
  private Integer awaitExit(
      String name, Instant deadline, ContainerLogFile log, OutputStream output)
      throws InterruptedException, IOException {
    // The floor lets a container that ended while the runner was down still be read as exited.
    Instant end =
        deadline.isBefore(clock.instant().plus(MIN_WAIT))
            ? clock.instant().plus(MIN_WAIT)
            : deadline;
    while (true) {
      boolean copied = log.copyNew(output);
      String[] state = inspect(name, "{{.State.Status}} {{.State.ExitCode}}").split(" ");
      if (ENDED.contains(state[0])) {
        return Integer.valueOf(state[1]);
      }
      if (clock.instant().isAfter(end)) {
        return null;
      }
      if (!copied) {
        Thread.sleep(POLL.toMillis());
      }
    }
  }

  @Override
  public void stop(String runId) {
    stopRequested.add(runId);
    String name = containerName(RunFiles.checked(runId));
    if (exists(name)) {
      stopContainer(name);
    }
  }

  @Override
  public Set<String> present() {
    Podman.Result listed =
        podman
            .call(
                "ps",
                "--all",
                "--filter",
                "label=" + RUN_ID_LABEL,
                "--format",
                "{{ index .Labels \"" + RUN_ID_LABEL + "\" }}")
            .orThrow("listing the runner's containers");
    Set<String> runIds =
        listed
            .stdout()
            .lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .collect(Collectors.toSet());
    foundAtStart.addAll(runIds);
    return runIds;
  }

  @Override
  public void remove(String runId) {
    String name = containerName(RunFiles.checked(runId));
    podman.call("rm", "--force", "--ignore", name).orThrow("removing " + name);
    stopRequested.remove(runId);
    logs.unmask(runId);
    try {
      Workspaces.deleteTree(workspace(runId).getParent());
    } catch (IOException e) {
      LOG.warn("run={} workspace not removed: {}", runId, e.getMessage());
    }
  }

  private void stopContainer(String name) {
    podman.call("stop", "--ignore", "--time", String.valueOf(stopGrace.toSeconds()), name);
  }

  private boolean exists(String name) {
    return podman.call("container", "exists", name).ok();
  }

  private Duration remaining(Instant deadline) {
    Duration left = Duration.between(clock.instant(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static Duration atLeast(Duration duration, Duration floor) {
    return duration.compareTo(floor) < 0 ? floor : duration;
  }

  private Path workspace(String runId) {
    return workDir.resolve(runId).resolve("workspace");
  }

  static String containerName(String runId) {
    return NAME_PREFIX + runId;
  }

  /**
   * JUnit XML reports the task left in its workspace (Surefire, Gradle, pytest --junitxml, ...).
   */
  private static List<String> junitReports(Path workspace) {
    if (!Files.isDirectory(workspace)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(workspace, 8)) {
      return files
          // The task wrote the workspace: a link it left could name any file of this machine.
          .filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
          .filter(file -> file.getFileName().toString().matches("(TEST-.*|junit.*|.*-junit)\\.xml"))
          .filter(file -> file.toFile().length() <= MAX_REPORT_BYTES)
          .sorted()
          .map(PodmanExecutor::readQuietly)
          .toList();
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot look for JUnit reports in {}: {}", workspace, e.getMessage());
      return List.of();
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
