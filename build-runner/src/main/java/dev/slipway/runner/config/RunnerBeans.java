package dev.slipway.runner.config;

import dev.slipway.platform.containers.Podman;
import dev.slipway.platform.containers.RegistryCredentials;
import dev.slipway.platform.runtime.CredentialSettings;
import dev.slipway.platform.runtime.OrganisationSettings;
import dev.slipway.runner.domain.ImageBuilder;
import dev.slipway.runner.domain.OrganisationLimits;
import dev.slipway.runner.domain.ReleaseBuildEvents;
import dev.slipway.runner.domain.ReleaseBuilds;
import dev.slipway.runner.domain.ReleaseImages;
import dev.slipway.runner.domain.RunEvents;
import dev.slipway.runner.domain.RunScheduler;
import dev.slipway.runner.domain.SecretResolver;
import dev.slipway.runner.domain.SecretSource;
import dev.slipway.runner.domain.TaskExecutor;
import dev.slipway.runner.errors.ErrorNormalizer;
import dev.slipway.runner.git.GitCheckout;
import dev.slipway.runner.k8s.JobSettings;
import dev.slipway.runner.k8s.KubernetesExecutor;
import dev.slipway.runner.k8s.KubernetesImageBuilder;
import dev.slipway.runner.k8s.ReleaseJobSettings;
import dev.slipway.runner.metrics.ReleaseBuildMetrics;
import dev.slipway.runner.metrics.RunMetrics;
import dev.slipway.runner.podman.BuildahImageBuilder;
import dev.slipway.runner.podman.PodmanExecutor;
import dev.slipway.runner.registry.TaskImages;
import dev.slipway.runner.secrets.FolderSecrets;
import dev.slipway.runner.state.FileReleaseBuildJournal;
import dev.slipway.runner.state.FileRunJournal;
import dev.slipway.runner.state.RunLogFiles;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Shutdown;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wires the runner's plain-Java parts together; the executor is chosen by {@code slipway.executor}.
 */
@ApplicationScoped
public class RunnerBeans {

  /** Without a secrets folder no secret is defined: a run that names one fails and says which. */
  private static final SecretSource NO_SECRETS = (repository, name) -> Optional.empty();

  private RunScheduler scheduler;

  @Produces
  @Singleton
  RunLogFiles logFiles(RunnerConfig config) {
    return new RunLogFiles(
        config.logs(),
        config.log().maxBytes().asLongValue(),
        Math.toIntExact(config.log().tailBytes().asLongValue()));
  }

  @Produces
  @Singleton
  FileRunJournal journal(RunnerConfig config) {
    return new FileRunJournal(config.state().resolve("runs"));
  }

  @Produces
  @Singleton
  TaskImages taskImages(RunnerConfig config) {
    return new TaskImages(
        config.registry(),
        config.registryInsecure(),
        config.rootDir().resolve("image-cache"),
        registryCredentials(config));
  }

  private static Optional<RegistryCredentials> registryCredentials(RunnerConfig config) {
    return RegistryCredentials.of(
        config.registryUsername(), config.registryPassword(), "slipway.runner.registry");
  }

  @Produces
  @Singleton
  FileReleaseBuildJournal releaseJournal(RunnerConfig config) {
    return new FileReleaseBuildJournal(config.state().resolve("releases"));
  }

  /**
   * Only created when asked for, so the kubernetes executor's task path never writes podman's
   * files.
   */
  @Produces
  @Singleton
  Podman podman(RunnerConfig config) {
    return new Podman(containersRoot(config));
  }

  /** The clone step of runs and release builds: with the owner's token, when there is one. */
  @Produces
  @Singleton
  GitCheckout gitCheckout(CredentialSettings credentials) {
    return new GitCheckout(credentials.folder());
  }

  @Produces
  @Singleton
  TaskExecutor executor(
      @ConfigProperty(name = "slipway.executor", defaultValue = "podman") String executor,
      RunnerConfig config,
      GitCheckout git,
      TaskImages images,
      RunLogFiles logs,
      Clock clock,
      Instance<Podman> podman,
      Instance<KubernetesClient> kubernetes) {
    switch (executor) {
      case "podman":
        return new PodmanExecutor(
            podman.get(),
            git,
            images,
            logs,
            config.rootDir().resolve("work"),
            config.stopGrace(),
            config.registryInsecure(),
            config.task().isolation(),
            config.task().resourceLimits(),
            clock);
      case "kubernetes":
        // Only this executor asks for the client, so the podman path never reads a kubeconfig.
        return new KubernetesExecutor(
            kubernetes.get(),
            jobSettings(config.kubernetes()),
            config.task().resourceLimits(),
            images::ensure,
            logs,
            clock);
      default:
        throw new IllegalArgumentException(
            "slipway.executor must be podman or kubernetes, was " + executor);
    }
  }

  /**
   * Release images are built where the tasks run: with buildah on this machine for podman, by a Job
   * per release for kubernetes.
   */
  @Produces
  @Singleton
  ReleaseBuilds releaseBuilds(
      @ConfigProperty(name = "slipway.executor", defaultValue = "podman") String executor,
      RunnerConfig config,
      Instance<Podman> podman,
      Instance<KubernetesClient> kubernetes,
      GitCheckout git,
      RunLogFiles logs,
      ReleaseBuildEvents events,
      FileReleaseBuildJournal journal,
      OrganisationSettings organisations,
      Clock clock,
      MeterRegistry meters) {
    ImageBuilder builder =
        "kubernetes".equals(executor)
            ? new KubernetesImageBuilder(
                kubernetes.get(),
                jobSettings(config.kubernetes()),
                releaseJobSettings(config),
                logs,
                clock)
            : new BuildahImageBuilder(
                podman.get(),
                containersRoot(config),
                git,
                logs,
                config.rootDir().resolve("work"),
                config.registry(),
                config.registryInsecure(),
                registryCredentials(config),
                config.release().buildTimeout());
    return new ReleaseBuilds(
        builder,
        events,
        journal,
        clock,
        new ReleaseImages(
            config.registry(), OrganisationSettings.organisationsWithoutSecrets(organisations)),
        config.baseUrl(),
        config.release().registryRetryLimit(),
        new ReleaseBuildMetrics(meters));
  }

  private static Path containersRoot(RunnerConfig config) {
    return config.rootDir().resolve("containers");
  }

  private static JobSettings jobSettings(RunnerConfig.Kubernetes kubernetes) {
    return new JobSettings(
        kubernetes.namespace(),
        kubernetes.cloneImage(),
        kubernetes.ttlAfterFinished(),
        kubernetes.cpuRequest(),
        kubernetes.memoryRequest(),
        kubernetes.cpuLimit(),
        kubernetes.memoryLimit(),
        kubernetes.workspaceSizeLimit(),
        kubernetes.ephemeralStorageRequest(),
        kubernetes.ephemeralStorageLimit(),
        kubernetes.serviceAccount(),
        kubernetes.imagePullSecret(),
        kubernetes.pollInterval(),
        kubernetes.scheduleTimeout());
  }

  private static ReleaseJobSettings releaseJobSettings(RunnerConfig config) {
    RunnerConfig.Kubernetes kubernetes = config.kubernetes();
    return new ReleaseJobSettings(
        kubernetes.releaseBuilderImage(),
        kubernetes.releaseRegistrySecret(),
        kubernetes.releaseCpuRequest(),
        kubernetes.releaseMemoryRequest(),
        kubernetes.releaseCpuLimit(),
        kubernetes.releaseMemoryLimit(),
        kubernetes.releaseStorageSizeLimit(),
        kubernetes.releaseEphemeralStorageLimit(),
        config.registry(),
        config.registryInsecure(),
        config.release().buildTimeout());
  }

  @Produces
  @Singleton
  RunScheduler scheduler(
      RunnerConfig config,
      OrganisationSettings organisations,
      @ConfigProperty(name = "slipway.secrets.dir") Optional<Path> secretsDir,
      TaskExecutor executor,
      RunEvents events,
      FileRunJournal journal,
      RunLogFiles logs,
      Clock clock,
      MeterRegistry meters) {
    AtomicInteger workers = new AtomicInteger();
    ExecutorService pool =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "run-worker-" + workers.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    RunMetrics metrics = new RunMetrics(meters);
    scheduler =
        new RunScheduler(
            config.concurrency(),
            new OrganisationLimits(OrganisationSettings.organisationsWithoutSecrets(organisations)),
            executor,
            new SecretResolver(secretsDir.<SecretSource>map(FolderSecrets::new).orElse(NO_SECRETS)),
            events,
            journal,
            logs,
            new ErrorNormalizer(),
            clock,
            config.baseUrl(),
            pool,
            metrics);
    metrics.watch(scheduler::activeIn);
    return scheduler;
  }

  @Shutdown
  void stop() {
    if (scheduler != null) {
      scheduler.close();
    }
  }
}
