package dev.slipway.runner.k8s;

import static dev.slipway.runner.k8s.ReleaseJobSpecFactory.BUILD_CONTAINER;

import dev.slipway.runner.domain.BuildResult;
import dev.slipway.runner.domain.ImageBuilder;
import dev.slipway.runner.domain.Outcome;
import dev.slipway.runner.domain.ReleaseBuildRequest;
import dev.slipway.runner.errors.BuildahErrors;
import dev.slipway.runner.git.GitCheckout;
import dev.slipway.runner.k8s.ReleaseJobSpecFactory.Stop;
import dev.slipway.runner.state.RunFiles;
import dev.slipway.runner.state.RunLogFiles;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a release's image in the cluster: one Job per release ({@link ReleaseJobSpecFactory}),
 * named after the release, so a runner that restarts mid-build follows the Job it finds instead of
 * building a second time. The pushed digest is read back from the build container's termination
 * message; a failed build is described from the container's output by {@link BuildahErrors}, as on
 * this machine. The Job is deleted once its result is read, so a build handed over again (after an
 * unreachable registry) builds anew.
 */
public final class KubernetesImageBuilder implements ImageBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesImageBuilder.class);
  private static final Pattern HEADER = Pattern.compile("--- .*, (\\d+) bytes");

  private final JobSettings settings;
  private final ReleaseJobSettings release;
  private final ReleaseJobSpecFactory specs;
  private final Jobs jobs;
  private final RunLogFiles logs;
  private final Clock clock;

  public KubernetesImageBuilder(
      KubernetesClient client,
      JobSettings settings,
      ReleaseJobSettings release,
      RunLogFiles logs,
      Clock clock) {
    this.settings = settings;
    this.release = release;
    this.specs = new ReleaseJobSpecFactory(settings, release);
    this.jobs = new Jobs(client, settings, logs, clock);
    this.logs = logs;
    this.clock = clock;
  }

  @Override
  public BuildResult build(ReleaseBuildRequest request) throws InterruptedException {
    String releaseId = RunFiles.checked(request.releaseId());
    String name = JobKind.RELEASE_BUILD.jobName(releaseId);
    try {
      Job existing = jobs.find(name);
      Instant deadline;
      if (existing == null) {
        if (!GitCheckout.isCommit(request.sha())) {
          return broken(releaseId, "not a commit sha: " + request.sha());
        }
        Files.deleteIfExists(logs.output(releaseId));
        deadline = clock.instant().plus(release.buildTimeout());
        logs.step(
            releaseId,
            "--- Job "
                + settings.namespace()
                + "/"
                + name
                + ": clone "
                + request.repository()
                + " at "
                + request.tag()
                + " ("
                + request.sha()
                + "), build "
                + request.reference()
                + " from "
                + request.dockerfile());
        jobs.create(specs.job(request, jobs.secondsUntil(deadline)), "release=" + releaseId);
      } else {
        deadline = createdAt(existing).plus(release.buildTimeout());
        LOG.info(
            "release={} following its existing build Job {}/{}",
            releaseId,
            settings.namespace(),
            name);
        logs.step(releaseId, "--- following the build's Job " + settings.namespace() + "/" + name);
      }
      Jobs.Ended ended = jobs.follow(releaseId, name, BUILD_CONTAINER, deadline, () -> false);
      BuildResult result = result(request, ended);
      // Read, the Job has nothing more to say, and a build handed over again (after an unreachable
      // registry) must build anew; one left behind is read again by that build and removed then.
      jobs.remove(name, "release=" + releaseId);
      return result;
    } catch (KubernetesClientException e) {
      Jobs.throwIfInterrupted();
      return broken(releaseId, "Kubernetes API failed: " + e.getMessage());
    } catch (IOException e) {
      return broken(releaseId, "cannot prepare the build's log: " + e.getMessage());
    }
  }

  private BuildResult result(ReleaseBuildRequest request, Jobs.Ended ended) {
    String releaseId = request.releaseId();
    Outcome outcome = ended.outcome();
    if (outcome instanceof Outcome.TimedOut) {
      return new BuildResult.TimedOut("build did not finish within " + release.buildTimeout());
    }
    if (outcome instanceof Outcome.Broken broken) {
      if (ended.pod() != null
          && JobOutcome.failedInitContainers(ended.pod())
              .contains(JobSpecFactory.CHECKOUT_CONTAINER)) {
        // The clone fetched every branch and tag: a commit it cannot check out is no longer in the
        // repository.
        return failed(
            releaseId,
            "commit "
                + request.sha()
                + " of "
                + request.tag()
                + " can no longer be fetched from "
                + request.cloneUrl());
      }
      return new BuildResult.Broken(broken.reason());
    }
    Optional<ContainerStateTerminated> terminated =
        ended.pod() == null
            ? Optional.empty()
            : JobOutcome.terminated(ended.pod(), BUILD_CONTAINER);
    if (terminated.isEmpty()) {
      return broken(releaseId, "the build's Pod is gone, and the pushed digest with it");
    }
    int exitCode = terminated.get().getExitCode() == null ? -1 : terminated.get().getExitCode();
    String message =
        terminated.get().getMessage() == null ? "" : terminated.get().getMessage().strip();
    if (exitCode == 0 && message.startsWith("sha256:")) {
      logs.step(releaseId, "--- pushed " + request.image() + "@" + message);
      return new BuildResult.Pushed(request.image(), message);
    }
    Optional<Stop> stop = Stop.of(message);
    if (stop.isEmpty()) {
      String reason = terminated.get().getReason();
      return broken(
          releaseId,
          "build container ended with exit code "
              + exitCode
              + (reason == null ? "" : " (" + reason + ")")
              + (message.isEmpty() ? "" : ": " + message));
    }
    BuildOutput output = BuildOutput.parse(readOutput(releaseId));
    return switch (stop.get()) {
      case NO_DOCKERFILE ->
          failed(releaseId, "no Dockerfile at " + request.dockerfile() + " in " + request.tag());
      case NO_CONTEXT ->
          failed(releaseId, "no build context " + request.context() + " in " + request.tag());
      case BUILD_FAILED ->
          BuildahErrors.ofBuild(
              output.build(), exitCode, output.dockerfile(), request.dockerfile());
      case PUSH_FAILED -> BuildahErrors.ofPush(output.push(), exitCode);
    };
  }

  /**
   * The build container's output in three parts: the Dockerfile it printed first (by its length, so
   * no line of it is taken for anything else), buildah bud's output and buildah push's.
   */
  record BuildOutput(String dockerfile, String build, String push) {

    static BuildOutput parse(byte[] output) {
      int newline = indexOf(output, (byte) '\n', 0);
      Matcher header =
          newline < 0
              ? null
              : HEADER.matcher(new String(output, 0, newline, StandardCharsets.UTF_8));
      String dockerfile = "";
      int rest = 0;
      if (header != null && header.matches()) {
        int length = (int) Math.min(Long.parseLong(header.group(1)), output.length - newline - 1L);
        dockerfile = new String(output, newline + 1, length, StandardCharsets.UTF_8);
        rest = newline + 1 + length;
      }
      String after =
          new String(Arrays.copyOfRange(output, rest, output.length), StandardCharsets.UTF_8);
      int push = after.lastIndexOf("\n" + ReleaseJobSpecFactory.PUSH_MARKER);
      return push < 0
          ? new BuildOutput(dockerfile, after, after)
          : new BuildOutput(dockerfile, after.substring(0, push), after.substring(push + 1));
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
      for (int i = from; i < bytes.length; i++) {
        if (bytes[i] == wanted) {
          return i;
        }
      }
      return -1;
    }
  }

  private byte[] readOutput(String releaseId) {
    Path output = logs.output(releaseId);
    try {
      return Files.exists(output) ? Files.readAllBytes(output) : new byte[0];
    } catch (IOException e) {
      LOG.warn("release={} build output not readable: {}", releaseId, e.getMessage());
      return new byte[0];
    }
  }

  /** When the Job was created; now when the API does not say. */
  private Instant createdAt(Job job) {
    String created = job.getMetadata().getCreationTimestamp();
    try {
      return created == null ? clock.instant() : Instant.parse(created);
    } catch (DateTimeParseException e) {
      return clock.instant();
    }
  }

  private BuildResult failed(String releaseId, String detail) {
    logs.step(releaseId, detail);
    return new BuildResult.Failed(detail);
  }

  private BuildResult broken(String releaseId, String detail) {
    logs.step(releaseId, detail);
    return new BuildResult.Broken(detail);
  }
}
