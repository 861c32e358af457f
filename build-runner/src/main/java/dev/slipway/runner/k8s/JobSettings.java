package dev.slipway.runner.k8s;

import java.time.Duration;
import java.util.Optional;

/**
 * How the runner's Jobs look and are followed; {@code slipway.runner.kubernetes.*}, see the
 * module's README.
 *
 * @param namespace where the Jobs of runs are created
 * @param cloneImage image of the clone step: must have {@code git} on its path
 * @param ttlAfterFinished how long the cluster keeps an ended Job the runner did not remove
 * @param cpuRequest CPU request of each container, e.g. {@code 500m}
 * @param memoryRequest memory request of each container, e.g. {@code 512Mi}
 * @param cpuLimit CPU limit of each container, none when empty
 * @param memoryLimit memory limit of each container, none when empty
 * @param workspaceSizeLimit size limit of the workspace {@code emptyDir} the repository is cloned
 *     into
 * @param ephemeralStorageRequest ephemeral-storage request of each container
 * @param ephemeralStorageLimit ephemeral-storage limit of each container; the kubelet counts the
 *     Pod's {@code emptyDir} volumes against it too, so it must hold the workspace
 * @param serviceAccount the run Pods' service account, the namespace's default when empty
 * @param imagePullSecret secret the run Pods pull their images with, none when empty
 * @param pollInterval how often a running Job and its Pod are read
 * @param scheduleTimeout how long a Pod may stay unschedulable before the run is an infrastructure
 *     error
 */
public record JobSettings(
    String namespace,
    String cloneImage,
    Duration ttlAfterFinished,
    String cpuRequest,
    String memoryRequest,
    Optional<String> cpuLimit,
    Optional<String> memoryLimit,
    String workspaceSizeLimit,
    String ephemeralStorageRequest,
    String ephemeralStorageLimit,
    Optional<String> serviceAccount,
    Optional<String> imagePullSecret,
    Duration pollInterval,
    Duration scheduleTimeout) {}
