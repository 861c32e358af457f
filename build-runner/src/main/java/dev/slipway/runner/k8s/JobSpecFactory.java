package dev.slipway.runner.k8s;

import dev.slipway.events.TaskPlanned;
import dev.slipway.runner.domain.TaskResourceLimits;
import dev.slipway.runner.git.GitCheckout;
import dev.slipway.runner.podman.TaskIsolation;
import dev.slipway.runner.registry.TaskImages;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Job of one run: init containers clone the repository into a shared {@code emptyDir} and check
 * out the commit, then the task container runs the task image in it. No value from the task is ever
 * given to a shell; the clone URL, the commit and the task's environment are literal arguments and
 * variables, with {@code $} escaped so Kubernetes does not expand {@code $(NAME)} in them either.
 */
final class JobSpecFactory {

  /**
   * Carried by every run's and release build's Job and Pod: the NetworkPolicies of {@code
   * deploy/kubernetes/16-runs-network-policy.yaml} select the Pods by it.
   */
  static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  static final String MANAGED_BY = "slipway-build-runner";

  static final String CLONE_CONTAINER = "clone";
  static final String CHECKOUT_CONTAINER = "checkout";
  static final String TASK_CONTAINER = "task";

  private static final int MAX_LABEL_VALUE_LENGTH = 63;
  private static final Pattern NOT_IN_LABEL_VALUE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final Pattern LABEL_VALUE_EDGES = Pattern.compile("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$");
  private static final String WORKSPACE_VOLUME = "workspace";
  private static final String EPHEMERAL_STORAGE = "ephemeral-storage";

  private final JobSettings settings;

  /**
   * @throws IllegalArgumentException when the workspace could not fit in the ephemeral-storage
   *     limit
   */
  JobSpecFactory(JobSettings settings) {
    requireRoom(
        "ephemeral-storage-limit", settings.ephemeralStorageLimit(), settings.workspaceSizeLimit());
    this.settings = settings;
  }

  /**
   * The kubelet counts a Pod's {@code emptyDir} volumes against its containers' ephemeral-storage
   * limit, so a limit not above the volumes' sizes would evict the Pod before a volume is full.
   */
  static void requireRoom(String setting, String limit, String... volumeSizes) {
    BigDecimal volumes =
        Arrays.stream(volumeSizes)
            .map(size -> new Quantity(size).getNumericalAmount())
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    if (new Quantity(limit).getNumericalAmount().compareTo(volumes) <= 0) {
      throw new IllegalArgumentException(
          "slipway.runner.kubernetes."
              + setting
              + "="
              + limit
              + " must be larger than the Pod's emptyDir size limits "
              + String.join(" + ", volumeSizes)
              + ": the kubelet counts them against it");
    }
  }

  /**
   * The Job that runs {@code task} from {@code image}.
   *
   * @param activeDeadlineSeconds how long the Job may run before the cluster stops it
   * @param granted what the task asked for in its {@code resources}, as granted: its container's
   *     limits then (requests no higher); empty: the settings' requests and limits
   * @param secretVariables variables the task's container takes from the run's Secret ({@link
   *     #secret}), by reference: their values are not in the Job
   * @throws IllegalArgumentException when the task's sha is not a commit id
   */
  Job job(
      TaskPlanned task,
      String image,
      long activeDeadlineSeconds,
      Optional<TaskResourceLimits.Granted> granted,
      Set<String> secretVariables) {
    Map<String, String> plain = new TreeMap<>(task.env() == null ? Map.of() : task.env());
    plain.keySet().removeAll(secretVariables);
    List<EnvVar> env = new ArrayList<>(environment(plain));
    new TreeSet<>(secretVariables)
        .forEach(
            variable ->
                env.add(
                    new EnvVarBuilder()
                        .withName(variable)
                        .withNewValueFrom()
                        .withNewSecretKeyRef(variable, secretName(task.runId()), false)
                        .endValueFrom()
                        .build()));
    Container taskContainer =
        container(TASK_CONTAINER, image, granted.map(this::resources).orElseGet(this::resources))
            .withWorkingDir(TaskImages.WORKSPACE)
            .withEnv(env)
            .withSecurityContext(taskSecurityContext())
            .build();
    return cloningJob(
        JobKind.RUN,
        task.runId(),
        labels(task),
        activeDeadlineSeconds,
        task.cloneUrl(),
        task.sha(),
        taskContainer,
        List.of());
  }

  /**
   * The task container's privileges, the same as with podman ({@link TaskIsolation}). Not the
   * {@code restricted} Pod security level: task images run as root (busybox, most language images).
   */
  private static SecurityContext taskSecurityContext() {
    return new SecurityContextBuilder()
        .withPrivileged(false)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .withAdd(TaskIsolation.CAPABILITIES)
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /**
   * A Job whose init containers clone {@code cloneUrl} into the workspace volume and check out
   * {@code sha}, and whose one container {@code main} then works in it. Task runs and release
   * builds share this: the clone, the Pod's restrictions and the Job's single try are the same.
   *
   * @param id the run's or release's id, which names the Job
   * @param labels the Job's and its Pod's ({@link #labels(JobKind, String, String, String)})
   * @param volumes volumes beyond the workspace, for {@code main} alone
   * @throws IllegalArgumentException when {@code sha} is not a commit id
   */
  Job cloningJob(
      JobKind kind,
      String id,
      Map<String, String> labels,
      long activeDeadlineSeconds,
      String cloneUrl,
      String sha,
      Container main,
      List<Volume> volumes) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(kind.jobName(id))
        .withNamespace(settings.namespace())
        .withLabels(labels)
        .withAnnotations(kind.annotations(id))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(Math.max(1, activeDeadlineSeconds))
        .withTtlSecondsAfterFinished((int) settings.ttlAfterFinished().toSeconds())
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        // Runs get neither the cluster's API token nor the addresses of its services.
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withServiceAccountName(settings.serviceAccount().orElse(null))
        .withImagePullSecrets(
            settings
                .imagePullSecret()
                .map(secret -> List.of(new LocalObjectReference(secret)))
                .orElse(List.of()))
        .addNewVolume()
        .withName(WORKSPACE_VOLUME)
        .withNewEmptyDir()
        .withSizeLimit(new Quantity(settings.workspaceSizeLimit()))
        .endEmptyDir()
        .endVolume()
        .addAllToVolumes(volumes)
        .withInitContainers(
            git(
                CLONE_CONTAINER,
                List.of("clone", "--quiet", "--no-checkout", "--", cloneUrl, TaskImages.WORKSPACE)),
            git(
                CHECKOUT_CONTAINER,
                List.of(
                    "-C",
                    TaskImages.WORKSPACE,
                    "checkout",
                    "--quiet",
                    "--detach",
                    commit(sha),
                    "--")))
        .withContainers(main)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The Secret that holds a run's secret values, one key per variable, for its Job's task container
   * alone. Immutable; the runner makes its Job its owner, so the cluster deletes it with the Job.
   */
  Secret secret(TaskPlanned task, Map<String, String> values) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(secretName(task.runId()))
        .withNamespace(settings.namespace())
        .withLabels(labels(task))
        .withAnnotations(JobKind.RUN.annotations(task.runId()))
        .endMetadata()
        .withType("Opaque")
        .withImmutable(true)
        .withStringData(new TreeMap<>(values))
        .build();
  }

  static String secretName(String runId) {
    return JobKind.RUN.jobName(runId) + "-secrets";
  }

  /**
   * Any text as a valid label value: {@code org/repo} becomes {@code org.repo}, other characters
   * {@code -}.
   */
  static String labelValue(String text) {
    String allowed = NOT_IN_LABEL_VALUE.matcher(text.replace('/', '.')).replaceAll("-");
    String trimmed = LABEL_VALUE_EDGES.matcher(allowed).replaceAll("");
    if (trimmed.length() > MAX_LABEL_VALUE_LENGTH) {
      trimmed =
          LABEL_VALUE_EDGES.matcher(trimmed.substring(0, MAX_LABEL_VALUE_LENGTH)).replaceAll("");
    }
    return trimmed;
  }

  private static Map<String, String> labels(TaskPlanned task) {
    Map<String, String> labels = labels(JobKind.RUN, task.runId(), task.repository(), task.sha());
    labels.put("slipway.task", labelValue(task.task()));
    return labels;
  }

  /**
   * The labels every Job of the runner and its Pod carry: the kind's id label naming the run or
   * build, its repository and commit, and who manages it; a caller may add more.
   */
  static Map<String, String> labels(JobKind kind, String id, String repository, String sha) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(kind.idLabel(), labelValue(id));
    labels.put("slipway.repo", labelValue(repository));
    labels.put("slipway.sha", labelValue(sha));
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    return labels;
  }

  private Container git(String name, List<String> arguments) {
    return container(name, settings.cloneImage(), resources())
        .withCommand("git")
        .withArgs(arguments.stream().map(JobSpecFactory::literal).toList())
        .withEnv(new EnvVar("GIT_TERMINAL_PROMPT", "0", null))
        .build();
  }

  /** A container that works in the cloned workspace. */
  static ContainerBuilder container(String name, String image, ResourceRequirements resources) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .withResources(resources)
        .addNewVolumeMount()
        .withName(WORKSPACE_VOLUME)
        .withMountPath(TaskImages.WORKSPACE)
        .endVolumeMount();
  }

  /**
   * The same for every container: the init containers run before the task, so the Pod asks for this
   * once.
   */
  private ResourceRequirements resources() {
    return resources(
        settings.cpuRequest(),
        settings.memoryRequest(),
        settings.cpuLimit(),
        settings.memoryLimit(),
        settings.ephemeralStorageLimit());
  }

  private ResourceRequirements resources(TaskResourceLimits.Granted granted) {
    Quantity memory = new Quantity(Long.toString(granted.memoryBytes()));
    Quantity cpu = new Quantity(granted.milliCpus() + "m");
    return resources(
        lower(settings.cpuRequest(), cpu).toString(),
        lower(settings.memoryRequest(), memory).toString(),
        Optional.of(cpu.toString()),
        Optional.of(memory.toString()),
        settings.ephemeralStorageLimit());
  }

  private static Quantity lower(String setting, Quantity granted) {
    Quantity requested = new Quantity(setting);
    return requested.getNumericalAmount().compareTo(granted.getNumericalAmount()) <= 0
        ? requested
        : granted;
  }

  /**
   * Requests and limits of one container; its ephemeral-storage request is the run containers' own.
   */
  ResourceRequirements resources(
      String cpuRequest,
      String memoryRequest,
      Optional<String> cpuLimit,
      Optional<String> memoryLimit,
      String ephemeralStorageLimit) {
    ResourceRequirementsBuilder resources =
        new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity(cpuRequest))
            .addToRequests("memory", new Quantity(memoryRequest))
            .addToRequests(EPHEMERAL_STORAGE, new Quantity(settings.ephemeralStorageRequest()))
            .addToLimits(EPHEMERAL_STORAGE, new Quantity(ephemeralStorageLimit));
    cpuLimit.ifPresent(limit -> resources.addToLimits("cpu", new Quantity(limit)));
    memoryLimit.ifPresent(limit -> resources.addToLimits("memory", new Quantity(limit)));
    return resources.build();
  }

  /** Variables with their values kept literal, sorted by name. */
  static List<EnvVar> environment(Map<String, String> env) {
    return new TreeMap<>(env == null ? Map.<String, String>of() : env)
        .entrySet().stream()
            .map(entry -> new EnvVar(entry.getKey(), literal(entry.getValue()), null))
            .toList();
  }

  private static String commit(String sha) {
    if (!GitCheckout.isCommit(sha)) {
      throw new IllegalArgumentException("not a commit sha: " + sha);
    }
    return sha;
  }

  /**
   * Kubernetes expands {@code $(NAME)} in arguments and variables; {@code $$} is a literal {@code
   * $}.
   */
  static String literal(String value) {
    return value.replace("$", "$$");
  }
}
