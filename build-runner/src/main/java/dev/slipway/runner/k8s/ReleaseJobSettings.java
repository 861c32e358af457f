package dev.slipway.runner.k8s;

import java.time.Duration;
import java.util.Optional;

/**
 * How a release's image is built in the cluster when {@code slipway.executor=kubernetes}; the Job's
 * namespace, clone image and service account are the task Jobs' ({@link JobSettings}). See the
 * module's README.
 *
 * @param builderImage image of the build container: buildah, running as its user 1000 ({@code
 *     build})
 * @param registrySecret a {@code kubernetes.io/dockerconfigjson} Secret buildah pulls and pushes
 *     with, none when empty
 * @param cpuRequest CPU request of the build container
 * @param memoryRequest memory request of the build container
 * @param cpuLimit CPU limit of the build container, none when empty
 * @param memoryLimit memory limit of the build container, none when empty
 * @param storageSizeLimit size limit of the {@code emptyDir} buildah keeps its layers in
 * @param ephemeralStorageLimit ephemeral-storage limit of the build container: the workspace,
 *     buildah's layers and its own writes together
 * @param registry the registry images are pushed to, {@code host[:port]}
 * @param registryInsecure whether that registry (and no other) is spoken to over plain HTTP
 * @param buildTimeout how long clone, build and push may take together
 */
public record ReleaseJobSettings(
    String builderImage,
    Optional<String> registrySecret,
    String cpuRequest,
    String memoryRequest,
    Optional<String> cpuLimit,
    Optional<String> memoryLimit,
    String storageSizeLimit,
    String ephemeralStorageLimit,
    String registry,
    boolean registryInsecure,
    Duration buildTimeout) {}
