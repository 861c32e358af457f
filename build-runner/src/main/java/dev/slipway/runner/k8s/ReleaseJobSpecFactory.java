package dev.slipway.runner.k8s;

import dev.slipway.runner.domain.ReleaseBuildRequest;
import dev.slipway.runner.registry.RegistriesConf;
import dev.slipway.runner.registry.TaskImages;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Job that builds one release's image: the task Jobs' clone init containers ({@link
 * JobSpecFactory#cloningJob}), then a rootless buildah container that builds the Dockerfile and
 * pushes the image. The container's script is fixed; the Dockerfile, context and image reach it as
 * variables, never as script text. The one word it leaves on the termination message says how it
 * ended: the pushed digest ({@code buildah push --digestfile} writes it there) or which step
 * failed.
 */
final class ReleaseJobSpecFactory {

  static final String BUILD_CONTAINER = "build";
  static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";

  static final String PUSH_MARKER = "--- push ";

  /** The buildah image's own unprivileged user. */
  private static final long BUILD_USER = 1000;

  private static final String STORAGE_VOLUME = "containers-storage";
  private static final String STORAGE_PATH = "/home/build/.local/share/containers";
  private static final String AUTH_VOLUME = "registry-auth";
  private static final String AUTH_PATH = "/slipway/registry-auth";

  /**
   * Run by {@code sh -c}. The Dockerfile and the context must be inside the clone ({@code inside}
   * tells, the workspace itself counting as inside); the Dockerfile is printed first, with its
   * length, so the runner can name the line a failing step is on.
   */
  static final String SCRIPT =
      String.join(
          "\n",
          "set -u",
          "end() { printf '%s' \"$2\" > " + TERMINATION_MESSAGE_PATH + "; exit \"$1\"; }",
          "cd " + TaskImages.WORKSPACE + " || end 2 no-workspace",
          "printf '%s' \"$SLIPWAY_REGISTRIES_CONF\" > /tmp/registries.conf || end 2 no-registries-conf",
          "export CONTAINERS_REGISTRIES_CONF=/tmp/registries.conf",
          "inside() { case \"$1/\" in " + TaskImages.WORKSPACE + "/*) ;; *) return 1 ;; esac; }",
          "dockerfile=$(realpath -e -- \"$SLIPWAY_DOCKERFILE\" 2>/dev/null) && [ -f \"$dockerfile\" ]"
              + " && inside \"$dockerfile\" || end 3 "
              + Stop.NO_DOCKERFILE.word(),
          "context=$(realpath -e -- \"$SLIPWAY_CONTEXT\" 2>/dev/null) && [ -d \"$context\" ]"
              + " && inside \"$context\" || end 3 "
              + Stop.NO_CONTEXT.word(),
          "printf -- '--- %s, %s bytes\\n' \"$SLIPWAY_DOCKERFILE\" \"$(wc -c < \"$dockerfile\" | tr -d ' ')\"",
          "cat -- \"$dockerfile\"",
          "printf '\\n--- build %s\\n' \"$SLIPWAY_IMAGE\"",
          "buildah bud --isolation chroot --network none --file \"$dockerfile\" --tag \"$SLIPWAY_IMAGE\" \"$context\""
              + " || end \"$?\" "
              + Stop.BUILD_FAILED.word(),
          "printf -- '" + PUSH_MARKER + "%s\\n' \"$SLIPWAY_IMAGE\"",
          "buildah push --digestfile "
              + TERMINATION_MESSAGE_PATH
              + " \"$SLIPWAY_IMAGE\" \"docker://$SLIPWAY_IMAGE\""
              + " || end \"$?\" "
              + Stop.PUSH_FAILED.word(),
          "");

  /** The termination message of a build that did not push: which step stopped it. */
  enum Stop {
    NO_DOCKERFILE,
    NO_CONTEXT,
    BUILD_FAILED,
    PUSH_FAILED;

    /** The word the script leaves on the termination message, e.g. {@code no-dockerfile}. */
    String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The stop a termination message names; empty when it names none. */
    static Optional<Stop> of(String message) {
      return Arrays.stream(values()).filter(stop -> stop.word().equals(message)).findFirst();
    }
  }

  private final JobSpecFactory jobs;
  private final ReleaseJobSettings settings;

  /**
   * @throws IllegalArgumentException when the workspace and buildah's storage could not fit in the
   *     build's limit
   */
  ReleaseJobSpecFactory(JobSettings jobSettings, ReleaseJobSettings settings) {
    JobSpecFactory.requireRoom(
        "release-ephemeral-storage-limit",
        settings.ephemeralStorageLimit(),
        jobSettings.workspaceSizeLimit(),
        settings.storageSizeLimit());
    this.jobs = new JobSpecFactory(jobSettings);
    this.settings = settings;
  }

  /**
   * The Job that builds and pushes {@code request}'s image.
   *
   * @param activeDeadlineSeconds how long the Job may run before the cluster stops it
   * @throws IllegalArgumentException when the release's sha is not a commit id
   */
  Job job(ReleaseBuildRequest request, long activeDeadlineSeconds) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(STORAGE_VOLUME)
            .withNewEmptyDir()
            .withSizeLimit(new Quantity(settings.storageSizeLimit()))
            .endEmptyDir()
            .build());
    settings
        .registrySecret()
        .ifPresent(
            secret ->
                volumes.add(
                    new VolumeBuilder()
                        .withName(AUTH_VOLUME)
                        .withNewSecret()
                        .withSecretName(secret)
                        .addNewItem()
                        .withKey(".dockerconfigjson")
                        .withPath("auth.json")
                        .endItem()
                        .endSecret()
                        .build()));
    return jobs.cloningJob(
        JobKind.RELEASE_BUILD,
        request.releaseId(),
        labels(request),
        activeDeadlineSeconds,
        request.cloneUrl(),
        request.sha(),
        build(request),
        volumes);
  }

  private Container build(ReleaseBuildRequest request) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SLIPWAY_DOCKERFILE", request.dockerfile());
    env.put("SLIPWAY_CONTEXT", request.context());
    env.put("SLIPWAY_IMAGE", request.reference());
    env.put(
        "SLIPWAY_REGISTRIES_CONF",
        RegistriesConf.text(settings.registry(), settings.registryInsecure()));
    // Rootless buildah in an unprivileged container: no overlay mounts, no runtime of its own.
    env.put("STORAGE_DRIVER", "vfs");
    env.put("BUILDAH_ISOLATION", "chroot");
    settings
        .registrySecret()
        .ifPresent(secret -> env.put("REGISTRY_AUTH_FILE", AUTH_PATH + "/auth.json"));
    ContainerBuilder container =
        JobSpecFactory.container(
                BUILD_CONTAINER,
                settings.builderImage(),
                jobs.resources(
                    settings.cpuRequest(),
                    settings.memoryRequest(),
                    settings.cpuLimit(),
                    settings.memoryLimit(),
                    settings.ephemeralStorageLimit()))
            .withCommand("sh", "-c", JobSpecFactory.literal(SCRIPT))
            .withWorkingDir(TaskImages.WORKSPACE)
            .withEnv(JobSpecFactory.environment(env))
            .withTerminationMessagePath(TERMINATION_MESSAGE_PATH)
            .withTerminationMessagePolicy("File")
            .addNewVolumeMount()
            .withName(STORAGE_VOLUME)
            .withMountPath(STORAGE_PATH)
            .endVolumeMount()
            .withNewSecurityContext()
            .withRunAsUser(BUILD_USER)
            .withRunAsGroup(BUILD_USER)
            .withRunAsNonRoot(true)
            // newuidmap/newgidmap are setuid: rootless buildah needs them for its user namespace.
            .withAllowPrivilegeEscalation(true)
            .endSecurityContext();
    // The registry's credentials are the build container's alone: the clone steps never see them.
    settings
        .registrySecret()
        .ifPresent(
            secret ->
                container
                    .addNewVolumeMount()
                    .withName(AUTH_VOLUME)
                    .withMountPath(AUTH_PATH)
                    .withReadOnly(true)
                    .endVolumeMount());
    return container.build();
  }

  private static Map<String, String> labels(ReleaseBuildRequest request) {
    Map<String, String> labels =
        JobSpecFactory.labels(
            JobKind.RELEASE_BUILD, request.releaseId(), request.repository(), request.sha());
    labels.put(
        "slipway.tag", JobSpecFactory.labelValue(request.tag() == null ? "" : request.tag()));
    return labels;
  }
}
