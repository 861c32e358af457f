package dev.slipway.runner.config;

import dev.slipway.runner.domain.TaskResourceLimits;
import dev.slipway.runner.podman.TaskIsolation;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the build-runner ({@code slipway.runner.*}); see the module's README. */
@ConfigMapping(prefix = "slipway.runner")
public interface RunnerConfig {

  /** Where the runner keeps its state, workspaces, logs and container storage. */
  @WithDefault("/var/lib/slipway/build-runner")
  Path rootDir();

  /** Task logs, kept after the container is gone; defaults to {@code <root-dir>/logs}. */
  Optional<Path> logDir();

  /** The run journal (last reported state per run); defaults to {@code <root-dir>/state}. */
  Optional<Path> stateDir();

  /** Base URL of this runner's pages; a run's page is {@code <base-url>/runs/<runId>}. */
  @WithDefault("http://localhost:8082")
  String baseUrl();

  /** How many tasks run at once; the rest queue in arrival order. */
  @WithDefault("2")
  int concurrency();

  /** Registry that task images are pushed to, {@code host[:port]}. */
  @WithDefault("127.0.0.1:5000")
  String registry();

  /** Talk plain HTTP to registries (the local stack's registry has no TLS). */
  @WithDefault("true")
  boolean registryInsecure();

  /**
   * The runner's user name on {@link #registry()} for task images; none: the registry asks for no
   * credentials.
   */
  Optional<String> registryUsername();

  /** The password of {@link #registryUsername()}. */
  Optional<String> registryPassword();

  /** How long a stopped container gets between SIGTERM and SIGKILL. */
  @WithDefault("5s")
  Duration stopGrace();

  /** How much of a run's output is kept and read at once ({@code slipway.runner.log.*}). */
  Log log();

  /** What a task container may reach and use ({@code slipway.runner.task.*}). */
  Task task();

  /** The Kubernetes executor's settings ({@code slipway.runner.kubernetes.*}). */
  Kubernetes kubernetes();

  /** How released applications' images are built ({@code slipway.runner.release.*}). */
  Release release();

  default Path logs() {
    return logDir().orElse(rootDir().resolve("logs"));
  }

  default Path state() {
    return stateDir().orElse(rootDir().resolve("state"));
  }

  interface Log {

    /**
     * The task's output kept per run; the rest is discarded and the log ends with a line that says
     * so.
     */
    @WithDefault("64M")
    MemorySize maxBytes();

    /**
     * How much of a log's end the run page shows and the error normalizer reads; the rest is on the
     * raw log.
     */
    @WithDefault("256K")
    MemorySize tailBytes();
  }

  /** The box a task container runs in (podman executor). */
  interface Task {

    /**
     * The container's network: {@code none} (loopback only) or {@code slirp4netns} (the outside,
     * see the README).
     */
    @WithDefault("none")
    TaskIsolation.Network network();

    /**
     * Memory limit of a task container that asks for none ({@code 512m}, {@code 4g}); no swap on
     * top.
     */
    @WithDefault("4g")
    String memory();

    /**
     * The most memory a repository's {@code resources.memory} gets; a larger request is cut to it.
     */
    @WithDefault("8g")
    String maxMemory();

    /** CPU limit of a task container that asks for none, in CPUs ({@code 2}, {@code 0.5}). */
    @WithDefault("2")
    String cpus();

    /** The most CPUs a repository's {@code resources.cpus} gets; a larger request is cut to it. */
    @WithDefault("4")
    String maxCpus();

    /** The most processes and threads a task container may have at once. */
    @WithDefault("4096")
    int pidsLimit();

    default TaskIsolation isolation() {
      return new TaskIsolation(network(), pidsLimit());
    }

    default TaskResourceLimits resourceLimits() {
      return TaskResourceLimits.of(memory(), maxMemory(), cpus(), maxCpus());
    }
  }

  /** How a release's image is built and pushed. */
  interface Release {

    /**
     * How long cloning, building and pushing one release's image may take before it ends TIMED_OUT.
     */
    @WithDefault("20m")
    Duration buildTimeout();

    /**
     * How long an unreachable registry is retried (with back-off) before the build ends as ERROR.
     */
    @WithDefault("5m")
    Duration registryRetryLimit();
  }

  /** How the Jobs of runs look and are followed when {@code slipway.executor=kubernetes}. */
  interface Kubernetes {

    /** Namespace the Jobs of runs are created in. */
    @WithDefault("slipway-runs")
    String namespace();

    /** Image of the clone step; it must have {@code git} on its path. */
    @WithDefault("alpine/git:2.47.2")
    String cloneImage();

    /**
     * How long the cluster keeps an ended Job the runner did not remove (it removes each once
     * reported).
     */
    @WithDefault("24h")
    Duration ttlAfterFinished();

    /** CPU request of each container of a run. */
    @WithDefault("500m")
    String cpuRequest();

    /** Memory request of each container of a run. */
    @WithDefault("512Mi")
    String memoryRequest();

    /** CPU limit of each container of a run. */
    @WithDefault("2")
    Optional<String> cpuLimit();

    /** Memory limit of each container of a run. */
    @WithDefault("2Gi")
    Optional<String> memoryLimit();

    /** Size limit of a run's workspace {@code emptyDir}; past it the kubelet evicts the Pod. */
    @WithDefault("10Gi")
    String workspaceSizeLimit();

    /** Ephemeral-storage request of each container of a run and of a release build. */
    @WithDefault("1Gi")
    String ephemeralStorageRequest();

    /**
     * Ephemeral-storage limit of each container of a run: its own writes, its logs and the
     * workspace.
     */
    @WithDefault("12Gi")
    String ephemeralStorageLimit();

    /**
     * Service account of the run Pods; the namespace's default when unset. Its token is never
     * mounted.
     */
    Optional<String> serviceAccount();

    /** Secret the run Pods pull the task and clone images with; none when unset. */
    Optional<String> imagePullSecret();

    /** How often a running Job and its Pod are read. */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a run's Pod may stay unschedulable before the run ends as ERROR. */
    @WithDefault("5m")
    Duration scheduleTimeout();

    /** Image of a release build Job's build container: buildah, run as its user 1000. */
    @WithDefault("quay.io/buildah/stable:v1.37")
    String releaseBuilderImage();

    /**
     * A {@code kubernetes.io/dockerconfigjson} Secret the build container pulls and pushes with;
     * none when unset.
     */
    Optional<String> releaseRegistrySecret();

    /** CPU request of a release build's build container. */
    @WithDefault("1")
    String releaseCpuRequest();

    /** Memory request of a release build's build container. */
    @WithDefault("2Gi")
    String releaseMemoryRequest();

    /** CPU limit of a release build's build container. */
    @WithDefault("2")
    Optional<String> releaseCpuLimit();

    /** Memory limit of a release build's build container. */
    @WithDefault("4Gi")
    Optional<String> releaseMemoryLimit();

    /** Size limit of the {@code emptyDir} a release build's buildah keeps its layers in. */
    @WithDefault("20Gi")
    String releaseStorageSizeLimit();

    /**
     * Ephemeral-storage limit of a release build's build container: workspace, layers and its own
     * writes.
     */
    @WithDefault("32Gi")
    String releaseEphemeralStorageLimit();
  }
}
