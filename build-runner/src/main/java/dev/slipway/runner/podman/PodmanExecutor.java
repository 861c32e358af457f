package dev.slipway.runner.podman;

import dev.slipway.events.ContainerTimes;
import dev.slipway.events.TaskPlanned;
import dev.slipway.platform.containers.Podman;
import dev.slipway.platform.containers.PodmanService;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  /** A trivial task ends within milliseconds: its final status should not wait for the poll. */
  private static final Duration POLL = Duration.ofMillis(10);

  /**
   * How often podman itself is asked whether the container ended, besides its exit file: should
   * this podman keep that file elsewhere, the run still ends within this time.
   */
  private static final Duration ASK_PODMAN_EVERY = Duration.ofSeconds(1);

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Set<String> ENDED = Set.of("exited", "stopped");
  private static final int MAX_REPORT_BYTES = 5 * 1024 * 1024;

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
  private final PodmanService service;

  /** Creates task containers while their repositories are cloned. */
  private final ExecutorService creator =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "podman-create");
            thread.setDaemon(true);
            return thread;
          });

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
    this.service = new PodmanService(podman);
  }

  /**
   * A task container the runner follows.
   *
   * @param id podman's id of it, when known: its exit file is named so
   * @param startedAt when this runner started it; null for one it found running
   */
  private record Container(String name, String id, Path logFile, Instant startedAt) {}

  /** A started container, or why none was started. */
  private record Start(Container container, Outcome refused) {}

  @Override
  public Execution execute(RunRequest request, Instant deadline, TaskSecrets secrets)
      throws InterruptedException {
    String runId = RunFiles.checked(request.runId());
    String name = containerName(runId);
    logs.mask(runId, secrets.masker());
    if (foundAtStart.contains(runId) && exists(name)) {
      Optional<Container> started = existing(name);
      if (started.isPresent()) {
        LOG.info("run={} following its existing container {}", runId, name);
        return follow(runId, started.get(), deadline);
      }
      LOG.info("run={} removing its container {}: it was created but never started", runId, name);
      service.remove(name);
    }
    Start start = prepareAndStart(request, secrets, name, deadline);
    if (start.refused() != null) {
      return Execution.of(start.refused());
    }
    return follow(runId, start.container(), deadline);
  }

  /**
   * A container an earlier runner started: podman knows its id and where its log is. Empty when
   * that runner stopped between creating and starting it.
   */
  private Optional<Container> existing(String name) {
    String[] found =
        inspect(name, "{{.Id}} {{.State.Status}} {{.HostConfig.LogConfig.Path}}").split(" ", 3);
    if (found[1].equals("created")) {
      return Optional.empty();
    }
    return Optional.of(new Container(name, found[0], Path.of(found[2]), null));
  }

  /** A container created for a run, not started yet, and what its log should tell about it. */
  private record Created(String id, String image, List<String> notes) {}

  /**
   * Clones the repository and, meanwhile, creates the task's container (with vfs storage that
   * copies the image), then starts it once the workspace is ready.
   */
  private Start prepareAndStart(
      RunRequest request, TaskSecrets secrets, String name, Instant deadline)
      throws InterruptedException {
    TaskPlanned task = request.task();
    String runId = task.runId();
    Path workspace = workspace(runId);
    // The runner names the log file, so following the container costs no podman call for it.
    Path logFile = workspace.resolveSibling("container.log").toAbsolutePath();
    Future<Created> creation = null;
    try {
      Workspaces.deleteTree(workspace.getParent());
      Files.createDirectories(workspace);
      creation = creator.submit(() -> create(task, secrets, name, workspace, logFile, deadline));
      logs.step(runId, "--- clone " + task.repository() + " at " + task.sha());
      git.checkout(
          task.repository(),
          task.cloneUrl(),
          task.sha(),
          workspace,
          remaining(deadline),
          line -> logs.step(runId, line));
      Created created = created(creation);
      logs.step(runId, "--- image " + created.image());
      if (stopRequested.contains(runId)) {
        service.remove(created.id());
        return new Start(null, new Outcome.Stopped());
      }
      logs.step(runId, "--- run " + task.task());
      created.notes().forEach(note -> logs.step(runId, note));
      service.start(created.id());
      return new Start(new Container(name, created.id(), logFile, clock.instant()), null);
    } catch (GitCheckout.CheckoutFailedException e) {
      discard(creation);
      logs.step(runId, "clone failed: " + e.getMessage());
      return new Start(null, new Outcome.Broken("clone failed: " + e.getMessage()));
    } catch (TaskImages.ImageBuildException | Podman.PodmanException e) {
      logs.step(runId, e.getMessage());
      return new Start(null, new Outcome.Broken(e.getMessage()));
    } catch (IOException e) {
      return new Start(null, new Outcome.Broken("cannot prepare the workspace: " + e.getMessage()));
    }
  }

  /** The container the creation made, or the failure that stopped it. */
  private static Created created(Future<Created> creation) throws InterruptedException {
    try {
      return creation.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new Podman.PodmanException("creating the container failed: " + e.getCause());
    }
  }

  /** Removes the container a failed start created, once its creation is over. */
  private void discard(Future<Created> creation) throws InterruptedException {
    try {
      service.remove(created(creation).id());
    } catch (RuntimeException nothingCreated) {
      LOG.debug("no container to discard: {}", nothingCreated.getMessage());
    }
  }

  /**
   * Builds the task image when needed and creates its container through podman's API; pulls the
   * image first when this machine lacks it.
   */
  private Created create(
      TaskPlanned task,
      TaskSecrets secrets,
      String name,
      Path workspace,
      Path logFile,
      Instant deadline)
      throws InterruptedException {
    String image = images.ensure(task);
    TaskResourceLimits.Granted resources = resourceLimits.grant(task.resources());
    Map<String, Object> spec = spec(task, secrets, resources, name, image, workspace, logFile);
    try {
      return new Created(service.create(spec), image, resources.notes());
    } catch (PodmanService.NoSuchImageException missing) {
      List<String> pull =
          new ArrayList<>(List.of("pull", "--quiet", "--tls-verify=" + !registryInsecure));
      pull.addAll(images.pullArguments());
      pull.add(image);
      podman.call(atLeast(remaining(deadline), START_TIMEOUT), pull).orThrow("pulling " + image);
      return new Created(service.create(spec), image, resources.notes());
    }
  }

  /**
   * The task container's spec for podman's API. The secrets' values travel in the request on the
   * runner's own socket: never on a command line anyone on the machine can list, nor in a file of
   * the runner (podman keeps them with the container until it is removed).
   */
  private Map<String, Object> spec(
      TaskPlanned task,
      TaskSecrets secrets,
      TaskResourceLimits.Granted resources,
      String name,
      String image,
      Path workspace,
      Path logFile) {
    Map<String, Object> spec = new LinkedHashMap<>(isolation.spec(resources));
    spec.put("name", name);
    spec.put("image", image);
    spec.put(
        "labels",
        Map.of(
            RUN_ID_LABEL,
            task.runId(),
            "slipway.repo",
            task.repository(),
            "slipway.sha",
            task.sha(),
            "slipway.task",
            task.task()));
    spec.put(
        "mounts",
        List.of(
            Map.of(
                "type",
                "bind",
                "source",
                workspace.toAbsolutePath().toString(),
                "destination",
                TaskImages.WORKSPACE,
                "options",
                List.of("rbind"))));
    spec.put("work_dir", TaskImages.WORKSPACE);
    Map<String, String> environment =
        new TreeMap<>(task.env() == null ? Map.<String, String>of() : task.env());
    environment.putAll(secrets.environment());
    spec.put("env", environment);
    // The runner reads this driver's file itself (ContainerLogFile), whatever containers.conf says.
    spec.put("log_configuration", Map.of("driver", "k8s-file", "path", logFile.toString()));
    return spec;
  }

  /**
   * Copies the container's log file into the run's log (up to the run's limit, the rest drained and
   * counted) while polling the container's state, until it ended and its log is read to the end.
   */
  private Execution follow(String runId, Container container, Instant deadline)
      throws InterruptedException {
    String name = container.name();
    try (ContainerLogFile log = new ContainerLogFile(container.logFile());
        TruncatingOutput output = logs.truncatingOutput(runId)) {
      Exit exit = awaitExit(container, deadline, log, output);
      if (exit.code() == null) {
        LOG.info("run={} passed its deadline, stopping {}", runId, name);
        stopContainer(name);
      }
      log.copyRest(output);
      if (output.discarded() > 0) {
        LOG.info(
            "run={} output passed the log limit, {} bytes discarded", runId, output.discarded());
      }
      ContainerTimes times =
          new ContainerTimes(container.startedAt(), exit.firstOutputAt(), exit.at());
      if (exit.code() == null) {
        return new Execution(new Outcome.TimedOut(), List.of(), times);
      }
      if (stopRequested.contains(runId)) {
        return new Execution(new Outcome.Stopped(), List.of(), times);
      }
      return new Execution(new Outcome.Exited(exit.code()), junitReports(workspace(runId)), times);
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

  /** What {@code podman inspect} prints of the container for {@code format}, a Go template. */
  private String inspect(String name, String format) {
    return podman
        .call("inspect", "--type", "container", "--format", format, name)
        .orThrow("inspecting " + name)
        .stdout()
        .strip();
  }

  /**
   * How watching a container ended.
   *
   * @param code its exit code, or null when the deadline passed first
   * @param firstOutputAt when the runner first read output of it, null if it wrote none
   * @param at when the runner saw it exit
   */
  private record Exit(Integer code, Instant firstOutputAt, Instant at) {}

  /**
   * Copies the container's new output into the run's log until it exits or the deadline passes. Its
   * exit file is read every {@link #POLL}, a podman call is made only every {@link
   * #ASK_PODMAN_EVERY}: {@code podman wait} here returns only some 20 s after the container ended,
   * waiting on a cleanup that podman's own exit hook does without the runner's configuration.
   */
  private Exit awaitExit(
      Container container, Instant deadline, ContainerLogFile log, OutputStream output)
      throws InterruptedException, IOException {
    // The floor lets a container that ended while the runner was down still be read as exited.
    Instant end =
        deadline.isBefore(clock.instant().plus(MIN_WAIT))
            ? clock.instant().plus(MIN_WAIT)
            : deadline;
    Instant firstOutput = null;
    Instant askPodman =
        container.id() == null ? clock.instant() : clock.instant().plus(ASK_PODMAN_EVERY);
    while (true) {
      boolean copied = log.copyNew(output);
      Instant now = clock.instant();
      if (copied && firstOutput == null) {
        firstOutput = now;
      }
      Optional<Integer> code =
          container.id() == null ? Optional.empty() : podman.exitCode(container.id());
      if (code.isEmpty() && !now.isBefore(askPodman)) {
        code = exitCodeFromPodman(container.name());
        askPodman = now.plus(ASK_PODMAN_EVERY);
      }
      if (code.isPresent()) {
        return new Exit(code.get(), firstOutput, clock.instant());
      }
      if (now.isAfter(end)) {
        return new Exit(null, firstOutput, null);
      }
      if (!copied) {
        Thread.sleep(POLL.toMillis());
      }
    }
  }

  private Optional<Integer> exitCodeFromPodman(String name) {
    String[] state = inspect(name, "{{.State.Status}} {{.State.ExitCode}}").split(" ");
    return ENDED.contains(state[0]) ? Optional.of(Integer.valueOf(state[1])) : Optional.empty();
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
    service.remove(name);
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
