package dev.slipway.deployer.podman;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deployer.domain.DeploymentSpec;
import dev.slipway.deployer.domain.HealthProbe;
import dev.slipway.deployer.domain.ServiceOwnedElsewhereException;
import dev.slipway.deployer.domain.Target;
import dev.slipway.deployer.domain.TargetRefusedException;
import dev.slipway.deployer.targets.Polling;
import dev.slipway.events.json.EventJson;
import dev.slipway.platform.containers.Podman;
import dev.slipway.platform.kafka.RetryableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs releases as podman containers on this machine (the one-machine stack's datacenters). Each
 * replica is a container of {@code image@digest} with the service's port published on a free port
 * of 127.0.0.1, and labels naming service, release, repository and datacenter: a restarted deployer
 * finds them, and what ran before, by label. A new release starts next to the old one; the old one
 * is removed only by {@link #retirePrevious}, after the new one answered and was registered, in the
 * background: its stop grace does not hold up the next deployment. A retirement lost to a restart
 * (or one podman refused) is done by the service's next one, which removes every other release.
 */
public final class PodmanTarget implements Target {

  private static final Logger LOG = LoggerFactory.getLogger(PodmanTarget.class);

  static final String SERVICE_LABEL = "slipway.service";
  static final String DATACENTER_LABEL = "slipway.datacenter";
  static final String RELEASE_LABEL = "slipway.release";
  static final String RELEASE_NUMBER_LABEL = "slipway.release-number";
  static final String REPO_LABEL = "slipway.repo";
  static final String HOST_PORT_LABEL = "slipway.host-port";
  private static final int LOG_LINES = 5;
  private static final Duration PULL_TIMEOUT = Duration.ofMinutes(5);

  private final String datacenter;
  private final Podman podman;
  private final Set<String> insecureRegistries;
  private final Optional<Path> registryAuthFile;
  private final HealthProbe probe;
  private final Duration pollInterval;
  private final Duration stopGrace;
  private final Clock clock;
  private final ExecutorService retirements;

  public PodmanTarget(
      String datacenter,
      Podman podman,
      Set<String> insecureRegistries,
      Optional<Path> registryAuthFile,
      HealthProbe probe,
      Duration pollInterval,
      Duration stopGrace,
      Clock clock) {
    this.datacenter = datacenter;
    this.podman = podman;
    this.insecureRegistries = Set.copyOf(insecureRegistries);
    this.registryAuthFile = registryAuthFile;
    this.probe = probe;
    this.pollInterval = pollInterval;
    this.stopGrace = stopGrace;
    this.clock = clock;
    this.retirements =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "podman-retirements-" + datacenter);
              thread.setDaemon(true);
              return thread;
            });
  }

  /** One container of the service, as podman lists it. */
  record Replica(
      String name,
      String release,
      int releaseNumber,
      String repo,
      int hostPort,
      boolean running,
      int exitCode) {
    String endpoint() {
      return "127.0.0.1:" + hostPort;
    }
  }

  @Override
  public Optional<PreviousRevision> apply(DeploymentSpec spec) {
    List<Replica> all = replicas(spec);
    all.stream()
        .filter(replica -> !spec.repository().equals(replica.repo()))
        .findFirst()
        .ifPresent(
            replica -> {
              throw new ServiceOwnedElsewhereException(spec.name(), replica.repo());
            });
    Optional<PreviousRevision> previous =
        all.stream()
            .filter(replica -> !isOf(spec, replica) && replica.running())
            .max(Comparator.comparingInt(Replica::releaseNumber))
            .map(replica -> new PreviousRevision(replica.release()));
    List<Replica> mine =
        all.stream().filter(replica -> isOf(spec, replica)).collect(Collectors.toList());
    List<String> wanted = new ArrayList<>();
    for (int index = 0; index < spec.replicas(); index++) {
      wanted.add(containerName(spec, index));
    }
    // A redelivered release keeps its running containers; anything else of it goes and starts anew.
    List<String> running =
        mine.stream()
            .filter(r -> r.running() && wanted.contains(r.name()))
            .map(Replica::name)
            .collect(Collectors.toList());
    removeContainers(
        mine.stream().filter(r -> !running.contains(r.name())).collect(Collectors.toList()),
        Duration.ZERO);
    if (running.size() < wanted.size() && !pulledAlready(spec.image())) {
      pull(spec.image());
    }
    startAll(
        spec, wanted.stream().filter(name -> !running.contains(name)).collect(Collectors.toList()));
    LOG.info(
        "dc={} service={} release={} containers={} reused={} previous={}",
        datacenter,
        spec.name(),
        spec.releaseId(),
        wanted.size(),
        running.size(),
        previous.map(PreviousRevision::releaseId).orElse("none"));
    return previous;
  }

  /**
   * An image pinned by digest cannot change: the copy pulled for another datacenter of this machine
   * (or an earlier delivery) is the image, and asking the registry again would only cost time.
   */
  private boolean pulledAlready(String image) {
    return image.contains("@sha256:") && podman.call("image", "exists", image).ok();
  }

  /**
   * A registry that cannot be reached, or answers with a server error, passes: the event comes back
   * after a back-off. An image the registry does not hold never will be there: FAILED.
   */
  private void pull(String image) {
    List<String> arguments =
        new ArrayList<>(List.of("pull", "--quiet", "--tls-verify=" + !insecure(image)));
    registryAuthFile.ifPresent(file -> arguments.addAll(List.of("--authfile", file.toString())));
    arguments.add(image);
    Podman.Result pulled;
    try {
      pulled = podman.call(PULL_TIMEOUT, arguments);
    } catch (Podman.PodmanException e) {
      // A pull that hangs until the timeout waits on a registry that does not answer.
      throw new RetryableException(
          "dc " + datacenter + " could not pull " + image + ": " + e.getMessage(), e);
    }
    if (pulled.ok()) {
      return;
    }
    PullFailure failure = PullFailure.of(pulled.stderr());
    LOG.warn(
        "dc={} pulling {} failed ({}): {}", datacenter, image, failure.kind(), failure.error());
    switch (failure.kind()) {
      case REGISTRY_UNREACHABLE:
        throw new RetryableException(
            "registry not available (" + failure.reason() + ") to pull " + image);
      case IMAGE_MISSING:
        throw new TargetRefusedException(
            "image not in the registry (" + failure.reason() + "): " + image, null);
      default:
        throw new TargetRefusedException("cannot pull (" + failure.reason() + "): " + image, null);
    }
  }

  private boolean insecure(String image) {
    return insecureRegistries.contains(image.substring(0, Math.max(0, image.indexOf('/'))));
  }

  /**
   * Starts the replicas at once: each {@code podman run} spends most of its second or two setting
   * up the container's network, so one after the other would make the rollout as slow as their sum.
   */
  private void startAll(DeploymentSpec spec, List<String> names) {
    if (names.isEmpty()) {
      return;
    }
    ExecutorService starts = Executors.newFixedThreadPool(names.size());
    try {
      List<Future<?>> started = new ArrayList<>();
      names.forEach(name -> started.add(starts.submit(() -> start(spec, name))));
      for (Future<?> one : started) {
        awaitStarted(one);
      }
    } finally {
      starts.shutdownNow();
    }
  }

  private void awaitStarted(Future<?> start) {
    try {
      start.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableException("interrupted while starting " + datacenter + "'s containers", e);
    }
  }

  private void start(DeploymentSpec spec, String name) {
    int hostPort = freePort();
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "run",
                "--detach",
                "--quiet",
                "--pull=never",
                "--name",
                name,
                // The stack's containers.conf shares the host's network (netns host), where every
                // replica would want the same port: give each one its own, published on loopback.
                "--network=slirp4netns",
                "--publish",
                "127.0.0.1:" + hostPort + ":" + spec.containerPort()));
    label(arguments, SERVICE_LABEL, spec.name());
    label(arguments, DATACENTER_LABEL, datacenter);
    label(arguments, RELEASE_LABEL, spec.releaseId());
    label(arguments, RELEASE_NUMBER_LABEL, Integer.toString(spec.releaseNumber()));
    label(arguments, REPO_LABEL, spec.repository());
    label(arguments, HOST_PORT_LABEL, Integer.toString(hostPort));
    arguments.add(spec.image());
    Podman.Result started = podman.call(PULL_TIMEOUT, arguments);
    if (!started.ok()) {
      throw new TargetRefusedException(
          "cannot start container " + name + ": " + lastLine(started.stderr()), null);
    }
  }

  private static void label(List<String> arguments, String key, String value) {
    arguments.add("--label");
    arguments.add(key + "=" + value);
  }

  @Override
  public RolloutStatus awaitRollout(DeploymentSpec spec, Duration timeout) {
    Instant deadline = clock.instant().plus(timeout);
    String url = "GET " + spec.healthPath();
    while (true) {
      List<Replica> mine =
          replicas(spec).stream().filter(r -> isOf(spec, r)).collect(Collectors.toList());
      Optional<Replica> ended = mine.stream().filter(r -> !r.running()).findFirst();
      if (ended.isPresent()) {
        LOG.info(
            "dc={} service={} container {} exited (code {})",
            datacenter,
            spec.name(),
            ended.get().name(),
            ended.get().exitCode());
        return RolloutStatus.incomplete(
            "a replica exited (code "
                + ended.get().exitCode()
                + ") before "
                + url
                + " answered; its last lines: "
                + lastLines(ended.get().name()));
      }
      List<String> answering = new ArrayList<>();
      Map<String, Integer> otherAnswers = new TreeMap<>();
      for (Replica replica : mine) {
        HealthProbe.Answer answer = probe.get("http://" + replica.endpoint() + spec.healthPath());
        if (answer.healthy()) {
          answering.add(replica.endpoint());
        } else {
          otherAnswers.merge(answer.description(), 1, Integer::sum);
        }
      }
      if (answering.size() == spec.replicas()) {
        answering.sort(Comparator.naturalOrder());
        return new RolloutStatus(
            true,
            answering.size() + "/" + spec.replicas() + " replicas answer " + url,
            answering,
            spec.containerPort());
      }
      if (!clock.instant().isBefore(deadline)) {
        return RolloutStatus.incomplete(
            url
                + " failed on "
                + (spec.replicas() - answering.size())
                + " of "
                + spec.replicas()
                + " replicas within "
                + timeout.toSeconds()
                + "s: "
                + answers(otherAnswers));
      }
      Polling.pause(pollInterval, datacenter + "'s containers");
    }
  }

  @Override
  public void retirePrevious(DeploymentSpec spec) {
    // Listed now, before the service's next release can start: only what ran before this one goes.
    List<Replica> previous =
        replicas(spec).stream()
            .filter(replica -> !isOf(spec, replica))
            .collect(Collectors.toList());
    if (previous.isEmpty()) {
      return;
    }
    previous.forEach(
        replica ->
            LOG.info(
                "dc={} service={} retiring {} of release {}",
                datacenter,
                spec.name(),
                replica.name(),
                replica.release()));
    retirements.execute(
        () -> {
          try {
            removeContainers(previous, stopGrace);
          } catch (RuntimeException e) {
            LOG.warn(
                "dc={} service={} retiring release {} failed, its next release retires it: {}",
                datacenter,
                spec.name(),
                previous.get(0).release(),
                e.getMessage());
          }
        });
  }

  @Override
  public RolloutStatus rollBack(DeploymentSpec spec, Duration timeout) {
    remove(spec);
    List<Replica> serving =
        replicas(spec).stream().filter(Replica::running).collect(Collectors.toList());
    if (serving.isEmpty()) {
      return RolloutStatus.incomplete("no container of the previous release runs");
    }
    // The previous release never stopped: its containers kept serving (and stay registered).
    return new RolloutStatus(
        true,
        serving.size() + " containers of release " + serving.get(0).release() + " kept serving",
        serving.stream().map(Replica::endpoint).sorted().collect(Collectors.toList()),
        spec.containerPort());
  }

  @Override
  public void remove(DeploymentSpec spec) {
    removeContainers(
        replicas(spec).stream().filter(replica -> isOf(spec, replica)).collect(Collectors.toList()),
        Duration.ZERO);
  }

  @Override
  public String describe(DeploymentSpec spec) {
    return spec.replicas() + " podman containers " + containerName(spec, 0).replaceAll("-0$", "-*");
  }

  private boolean isOf(DeploymentSpec spec, Replica replica) {
    return spec.releaseId().equals(replica.release());
  }

  /** Every container of the service in this datacenter, of any release. */
  List<Replica> replicas(DeploymentSpec spec) {
    Podman.Result listed =
        podman.call(
            "ps",
            "--all",
            "--format",
            "json",
            "--filter",
            "label=" + SERVICE_LABEL + "=" + spec.name(),
            "--filter",
            "label=" + DATACENTER_LABEL + "=" + datacenter);
    if (!listed.ok()) {
      throw new RetryableException(
          "podman could not list the containers of "
              + spec.name()
              + ": "
              + lastLine(listed.stderr()));
    }
    List<Replica> replicas = new ArrayList<>();
    try {
      JsonNode containers =
          EventJson.mapper().readTree(listed.stdout().isBlank() ? "[]" : listed.stdout());
      for (JsonNode container : containers) {
        JsonNode labels = container.path("Labels");
        replicas.add(
            new Replica(
                container.path("Names").path(0).asText(),
                labels.path(RELEASE_LABEL).asText(),
                labels.path(RELEASE_NUMBER_LABEL).asInt(0),
                labels.path(REPO_LABEL).asText(),
                labels.path(HOST_PORT_LABEL).asInt(0),
                "running".equals(container.path("State").asText()),
                container.path("ExitCode").asInt()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("podman ps printed no JSON", e);
    }
    return replicas;
  }

  /**
   * One podman call for all of them: podman stops them in parallel, so the grace period is spent
   * once.
   */
  private void removeContainers(List<Replica> replicas, Duration grace) {
    if (replicas.isEmpty()) {
      return;
    }
    List<String> arguments =
        new ArrayList<>(
            List.of("rm", "--force", "--ignore", "--time", Long.toString(grace.toSeconds())));
    replicas.forEach(replica -> arguments.add(replica.name()));
    Podman.Result removed = podman.call(Duration.ofMinutes(2), arguments);
    if (!removed.ok()) {
      throw new RetryableException(
          "podman could not remove "
              + arguments.subList(5, arguments.size())
              + ": "
              + lastLine(removed.stderr()));
    }
  }

  /**
   * "HTTP 404", or "HTTP 404 (1), connection refused (1)" when the replicas answered differently.
   */
  private static String answers(Map<String, Integer> counted) {
    if (counted.isEmpty()) {
      return "no replica runs";
    }
    if (counted.size() == 1) {
      return counted.keySet().iterator().next();
    }
    return counted.entrySet().stream()
        .map(e -> e.getKey() + " (" + e.getValue() + ")")
        .collect(Collectors.joining(", "));
  }

  private String lastLines(String name) {
    Podman.Result logs = podman.call("logs", "--tail", Integer.toString(LOG_LINES), name);
    String text = (logs.stdout() + logs.stderr()).strip();
    return text.isEmpty() ? "(none)" : text.replaceAll("\\s*\\R\\s*", " | ");
  }

  private static String lastLine(String text) {
    List<String> lines = text.strip().lines().collect(Collectors.toList());
    return lines.isEmpty() ? "(no message)" : lines.get(lines.size() - 1);
  }

  private String containerName(DeploymentSpec spec, int index) {
    return ("slipway-" + datacenter + "-" + spec.name() + "-" + spec.releaseId() + "-" + index)
        .replaceAll("[^a-zA-Z0-9_.-]", "-");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
