package dev.slipway.runner.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.events.TaskPlanned;
import dev.slipway.runner.domain.TaskResourceLimits;
import dev.slipway.testsupport.TaskPlans;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JobSpecFactoryTest {

  private static final String IMAGE = "registry.test:5000/slipway-tasks/org-shop:abc";

  private static TaskPlanned task(String cloneUrl, Map<String, String> env) {
    return TaskPlans.taskPlanned()
        .sha(Runs.SHA)
        .fork()
        .cloneUrl(cloneUrl)
        .contentHash("abc")
        .timeoutSeconds(600)
        .env(env)
        .build();
  }

  private static PodSpec pod(Job job) {
    return job.getSpec().getTemplate().getSpec();
  }

  @Test
  void textFromTheRepositoryStaysLiteralEvenForKubernetesVariableReferences() {
    String url = "https://github.example/org/$(KUBERNETES_SERVICE_HOST);rm -rf /.git";
    Job job =
        new JobSpecFactory(Runs.settings())
            .job(
                task(url, Map.of("B", "$(A)", "A", "a$b", "PLAIN", "'quoted' `cmd`")),
                IMAGE,
                600,
                Optional.empty(),
                Set.of());

    assertThat(pod(job).getInitContainers().get(0).getArgs())
        .contains("https://github.example/org/$$(KUBERNETES_SERVICE_HOST);rm -rf /.git");
    assertThat(pod(job).getContainers().get(0).getEnv())
        .extracting(variable -> variable.getName() + "=" + variable.getValue())
        .containsExactly("A=a$$b", "B=$$(A)", "PLAIN='quoted' `cmd`");
    assertThat(pod(job).getEnableServiceLinks()).isFalse();
  }

  @Test
  void theTaskContainerHasOnlyTheBuildsCapabilitiesAndCannotGainMore() {
    Job job =
        new JobSpecFactory(Runs.settings())
            .job(
                task("https://github.example/org/shop.git", Map.of()),
                IMAGE,
                600,
                Optional.empty(),
                Set.of());

    SecurityContext context = pod(job).getContainers().get(0).getSecurityContext();
    assertThat(context.getPrivileged()).isFalse();
    assertThat(context.getAllowPrivilegeEscalation()).isFalse();
    assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(context.getCapabilities().getAdd())
        .containsExactly("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "SETGID", "SETUID");
    assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod(job).getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod(job).getHostPID()).isNotEqualTo(Boolean.TRUE);
  }

  @Test
  void optionalSettingsAppearOnlyWhenSet() {
    JobSettings plain = Runs.settings();
    JobSettings full =
        new JobSettings(
            "ci",
            "registry.test/git:1",
            Duration.ofMinutes(10),
            "1",
            "1Gi",
            Optional.of("2"),
            Optional.of("2Gi"),
            "5Gi",
            "1Gi",
            "6Gi",
            Optional.of("runner-jobs"),
            Optional.empty(),
            Duration.ofSeconds(1),
            Duration.ofMinutes(5));

    Job job =
        new JobSpecFactory(full)
            .job(task(Runs.CLONE_URL, Map.of()), IMAGE, 600, Optional.empty(), Set.of());

    assertThat(job.getMetadata().getNamespace()).isEqualTo("ci");
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
    assertThat(pod(job).getServiceAccountName()).isEqualTo("runner-jobs");
    assertThat(pod(job).getAutomountServiceAccountToken()).isFalse();
    assertThat(pod(job).getImagePullSecrets()).isEmpty();
    for (Container container : pod(job).getInitContainers()) {
      assertThat(container.getImage()).isEqualTo("registry.test/git:1");
    }
    assertThat(pod(job).getContainers().get(0).getResources().getLimits())
        .containsEntry("cpu", new Quantity("2"))
        .containsEntry("memory", new Quantity("2Gi"));
    assertThat(
            pod(new JobSpecFactory(plain)
                    .job(task(Runs.CLONE_URL, Map.of()), IMAGE, 600, Optional.empty(), Set.of()))
                .getServiceAccountName())
        .isNull();
  }

  @Test
  void everyContainerOfARunHasRequestsAndLimitsAndItsWorkspaceIsBounded() {
    Job job =
        new JobSpecFactory(Runs.settings())
            .job(task(Runs.CLONE_URL, Map.of()), IMAGE, 600, Optional.empty(), Set.of());

    assertThat(containers(job))
        .extracting(Container::getName)
        .containsExactly("clone", "checkout", "task");
    for (Container container : containers(job)) {
      assertThat(container.getResources().getRequests())
          .as(container.getName())
          .containsEntry("cpu", new Quantity("500m"))
          .containsEntry("memory", new Quantity("512Mi"))
          .containsEntry("ephemeral-storage", new Quantity("1Gi"));
      assertThat(container.getResources().getLimits())
          .as(container.getName())
          .containsEntry("memory", new Quantity("2Gi"))
          .containsEntry("ephemeral-storage", new Quantity("12Gi"));
    }
    assertThat(pod(job).getVolumes())
        .singleElement()
        .satisfies(
            volume ->
                assertThat(volume.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("10Gi")));
  }

  @Test
  void everyContainerOfAReleaseBuildHasLimitsAndItsVolumesAreBounded() {
    Job job =
        new ReleaseJobSpecFactory(Runs.settings(), KubernetesImageBuilderTest.RELEASE)
            .job(KubernetesImageBuilderTest.request("release-1"), 1200);

    assertThat(containers(job))
        .extracting(Container::getName)
        .containsExactly("clone", "checkout", "build");
    for (Container container : containers(job)) {
      assertThat(container.getResources().getRequests())
          .as(container.getName())
          .containsKeys("cpu", "memory", "ephemeral-storage");
      assertThat(container.getResources().getLimits())
          .as(container.getName())
          .containsKeys("memory", "ephemeral-storage");
    }
    assertThat(containers(job).get(2).getResources().getLimits())
        .containsEntry("memory", new Quantity("4Gi"))
        .containsEntry("ephemeral-storage", new Quantity("32Gi"));
    assertThat(pod(job).getVolumes())
        .filteredOn(volume -> volume.getEmptyDir() != null)
        .extracting(volume -> volume.getName() + "=" + volume.getEmptyDir().getSizeLimit())
        .containsExactly("workspace=10Gi", "containers-storage=20Gi");
  }

  @Test
  void anEphemeralStorageLimitTheWorkspaceDoesNotFitInIsRefused() {
    JobSettings settings = Runs.settings();
    JobSettings tooSmall =
        new JobSettings(
            settings.namespace(),
            settings.cloneImage(),
            settings.ttlAfterFinished(),
            settings.cpuRequest(),
            settings.memoryRequest(),
            settings.cpuLimit(),
            settings.memoryLimit(),
            "10Gi",
            "1Gi",
            "10Gi",
            settings.serviceAccount(),
            settings.imagePullSecret(),
            settings.pollInterval(),
            settings.scheduleTimeout());

    assertThatThrownBy(() -> new JobSpecFactory(tooSmall))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "slipway.runner.kubernetes.ephemeral-storage-limit=10Gi must be larger than the Pod's emptyDir size limits"
                + " 10Gi: the kubelet counts them against it");
    assertThatThrownBy(
            () ->
                JobSpecFactory.requireRoom(
                    "release-ephemeral-storage-limit", "30Gi", "10Gi", "20Gi"))
        .hasMessageContaining(
            "release-ephemeral-storage-limit=30Gi must be larger than the Pod's emptyDir size limits 10Gi + 20Gi");
    JobSpecFactory.requireRoom("release-ephemeral-storage-limit", "32Gi", "10Gi", "20Gi");
  }

  private static List<Container> containers(Job job) {
    return Stream.concat(pod(job).getInitContainers().stream(), pod(job).getContainers().stream())
        .toList();
  }

  @Test
  void aTaskThatAsksForResourcesGetsThemAsItsContainersLimitsWithRequestsNoHigher() {
    TaskResourceLimits.Granted granted = new TaskResourceLimits.Granted(256L << 20, 250, List.of());

    Job job =
        new JobSpecFactory(Runs.settings())
            .job(task(Runs.CLONE_URL, Map.of()), IMAGE, 600, Optional.of(granted), Set.of());

    Container task = pod(job).getContainers().get(0);
    assertThat(task.getResources().getLimits())
        .containsEntry("memory", new Quantity("268435456"))
        .containsEntry("cpu", new Quantity("250m"))
        .containsEntry("ephemeral-storage", new Quantity("12Gi"));
    assertThat(task.getResources().getRequests())
        .containsEntry("memory", new Quantity("268435456"))
        .containsEntry("cpu", new Quantity("250m"));
    assertThat(pod(job).getInitContainers())
        .allSatisfy(
            clone ->
                assertThat(clone.getResources().getLimits())
                    .containsEntry("memory", new Quantity("2Gi")));
  }

  @Test
  void theDeadlineIsAtLeastOneSecond() {
    Job job =
        new JobSpecFactory(Runs.settings())
            .job(task(Runs.CLONE_URL, Map.of()), IMAGE, 0, Optional.empty(), Set.of());

    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(1);
  }

  @Test
  void aShaThatIsNoCommitIsRefused() {
    TaskPlanned task =
        TaskPlans.taskPlanned()
            .sha("--orphan=x")
            .push()
            .cloneUrl(Runs.CLONE_URL)
            .contentHash("abc")
            .timeoutSeconds(600)
            .build();

    assertThatThrownBy(
            () ->
                new JobSpecFactory(Runs.settings())
                    .job(task, IMAGE, 600, Optional.empty(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a commit sha: --orphan=x");
  }

  @Test
  void jobNamesAreDnsLabelsAndDistinctPerRunId() {
    String compiled = "3f2a9c1b7d4e5f60a1b2";
    assertThat(JobKind.RUN.jobName(compiled)).isEqualTo("slipway-run-" + compiled);
    assertThat(JobKind.RUN.jobName("run-1")).isEqualTo("slipway-run-run-1");
    for (String runId : new String[] {"Run-1", "run_1", "run.1", "a".repeat(52), "run-"}) {
      assertThat(JobKind.RUN.jobName(runId))
          .as(runId)
          .matches("slipway-run-[0-9a-f]{40}")
          .hasSizeLessThanOrEqualTo(63);
    }
    assertThat(JobKind.RUN.jobName("Run-1"))
        .isNotEqualTo(JobKind.RUN.jobName("run-1"))
        .isNotEqualTo(JobKind.RUN.jobName("RUN-1"));
    assertThat(JobKind.RUN.jobName("a".repeat(51))).isEqualTo("slipway-run-" + "a".repeat(51));
  }

  @Test
  void labelValuesAreValidWhateverTheText() {
    assertThat(JobSpecFactory.labelValue("org/shop")).isEqualTo("org.shop");
    assertThat(JobSpecFactory.labelValue("unit tests (linux)")).isEqualTo("unit-tests--linux");
    assertThat(JobSpecFactory.labelValue("-" + "x".repeat(70))).isEqualTo("x".repeat(63));
    assertThat(JobSpecFactory.labelValue("x".repeat(62) + "._y")).isEqualTo("x".repeat(62));
  }
}
