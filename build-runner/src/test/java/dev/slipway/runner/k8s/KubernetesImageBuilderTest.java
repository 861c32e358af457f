package dev.slipway.runner.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.Envelope;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.RunState;
import dev.slipway.runner.domain.BuildResult;
import dev.slipway.runner.domain.ReleaseBuildEvents;
import dev.slipway.runner.domain.ReleaseBuildRequest;
import dev.slipway.runner.domain.ReleaseBuilds;
import dev.slipway.runner.domain.ReleaseImages;
import dev.slipway.runner.state.FileReleaseBuildJournal;
import dev.slipway.runner.state.RunLogFiles;
import dev.slipway.testsupport.kubernetes.MockCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release images built by a Job, against fabric8's mock API server in CRUD mode with the test
 * playing the Job controller and the kubelet ({@link FakeCluster}): it sets the build container's
 * termination message as buildah's {@code --digestfile} would.
 */
class KubernetesImageBuilderTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private static final String IMAGE = "registry.test:5000/org/shop";
  private static final String DOCKERFILE =
      "# syntax is plain\n"
          + "FROM registry.test:5000/busybox:latest\n"
          + "\n"
          + "COPY www /www\n"
          + "RUN echo building && \\\n"
          + "    false\n"
          + "CMD [\"httpd\",\"-f\",\"-p\",\"8080\",\"-h\",\"/www\"]\n";
  static final ReleaseJobSettings RELEASE =
      new ReleaseJobSettings(
          "quay.io/buildah/stable:v1.37",
          Optional.of("registry-push"),
          "1",
          "2Gi",
          Optional.empty(),
          Optional.of("4Gi"),
          "20Gi",
          "32Gi",
          "registry.test:5000",
          true,
          Duration.ofMinutes(20));

  @RegisterExtension static final MockCluster MOCK_CLUSTER = new MockCluster();

  private final KubernetesMockServer server = MOCK_CLUSTER.server();

  /** The cluster's own client; the runner gets one of its own. */
  private final KubernetesClient client = MOCK_CLUSTER.client();

  @TempDir Path folder;

  private final ExecutorService runner = Executors.newCachedThreadPool();
  private KubernetesClient runnerClient;
  private FakeCluster cluster;
  private RunLogFiles logs;
  private KubernetesImageBuilder builder;

  @BeforeEach
  void createBuilder() {
    cluster = new FakeCluster(client, server);
    runnerClient = FakeCluster.runnerClient(server, 2);
    logs = new RunLogFiles(folder.resolve("logs"));
    builder =
        new KubernetesImageBuilder(runnerClient, Runs.settings(), RELEASE, logs, Clock.systemUTC());
  }

  @AfterEach
  void stopBuilds() throws InterruptedException {
    // The next test's cluster starts empty: nothing of this one may reach it.
    runner.shutdownNow();
    runner.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
    runnerClient.close();
  }

  static ReleaseAdmitted admitted(String releaseId) {
    return new ReleaseAdmitted(
        releaseId,
        "org/shop",
        "v1.2.0",
        Runs.SHA,
        Runs.CLONE_URL,
        3,
        "dc1",
        new BuildDefinition("docker/Dockerfile", "."),
        new DeployDefinition("shop", 1, 8080, "/"),
        null,
        null);
  }

  static ReleaseBuildRequest request(String releaseId) {
    return ReleaseBuildRequest.of(admitted(releaseId), ReleaseImages.byOwner("registry.test:5000"));
  }

  private Future<BuildResult> build(String releaseId) {
    return runner.submit(() -> builder.build(request(releaseId)));
  }

  private static BuildResult result(Future<BuildResult> build) throws Exception {
    return build.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** What the build container prints: the Dockerfile with its length, then buildah's output. */
  private static String output(String buildah) {
    return "--- docker/Dockerfile, "
        + DOCKERFILE.getBytes(StandardCharsets.UTF_8).length
        + " bytes\n"
        + DOCKERFILE
        + "\n--- build "
        + IMAGE
        + ":v1.2.0\n"
        + buildah;
  }

  @Test
  void theJobClonesLikeATaskJobThenBuildsRootlessWithTheRegistrySecretInTheBuildContainerOnly()
      throws Exception {
    Future<BuildResult> build = build("release-1");

    Job job = cluster.awaitBuildJob("release-1");
    assertThat(job.getMetadata().getName()).isEqualTo("slipway-build-release-1");
    assertThat(job.getMetadata().getLabels())
        .containsEntry("slipway.release-id", "release-1")
        .containsEntry("slipway.repo", "org.shop")
        .containsEntry("slipway.sha", Runs.SHA)
        .containsEntry("slipway.tag", "v1.2.0")
        .doesNotContainKey("slipway.run-id");
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry("slipway.dev/release-id", "release-1");
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isBetween(1198L, 1200L);
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .isEqualTo(job.getMetadata().getLabels());

    PodSpec pod = job.getSpec().getTemplate().getSpec();
    PodSpec taskPod =
        new JobSpecFactory(Runs.settings())
            .job(Runs.request("run-1").task(), "task:1", 60, Optional.empty(), Set.of())
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(pod.getInitContainers())
        .as("the task Jobs' clone")
        .isEqualTo(taskPod.getInitContainers());
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getVolumes())
        .extracting("name")
        .containsExactly("workspace", "containers-storage", "registry-auth");
    assertThat(pod.getVolumes().get(2).getSecret().getSecretName()).isEqualTo("registry-push");

    Container buildah = pod.getContainers().get(0);
    assertThat(pod.getContainers()).hasSize(1);
    assertThat(buildah.getName()).isEqualTo("build");
    assertThat(buildah.getImage()).isEqualTo("quay.io/buildah/stable:v1.37");
    assertThat(buildah.getCommand())
        .containsExactly("sh", "-c", ReleaseJobSpecFactory.SCRIPT.replace("$", "$$"));
    assertThat(buildah.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            tuple("SLIPWAY_DOCKERFILE", "docker/Dockerfile"),
            tuple("SLIPWAY_CONTEXT", "."),
            tuple("SLIPWAY_IMAGE", IMAGE + ":v1.2.0"),
            tuple("REGISTRY_AUTH_FILE", "/slipway/registry-auth/auth.json"),
            tuple("STORAGE_DRIVER", "vfs"));
    assertThat(buildah.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(buildah.getTerminationMessagePolicy()).isEqualTo("File");
    assertThat(buildah.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(buildah.getSecurityContext().getPrivileged()).isNull();
    assertThat(buildah.getResources().getRequests())
        .containsEntry("cpu", new Quantity("1"))
        .containsEntry("memory", new Quantity("2Gi"));
    assertThat(buildah.getResources().getLimits()).containsOnlyKeys("memory", "ephemeral-storage");
    assertThat(buildah.getVolumeMounts())
        .extracting("name")
        .containsExactly("workspace", "containers-storage", "registry-auth");
    assertThat(pod.getInitContainers())
        .allSatisfy(
            init -> {
              assertThat(init.getVolumeMounts()).extracting("name").containsExactly("workspace");
              assertThat(init.getEnv())
                  .extracting(EnvVar::getName)
                  .doesNotContain("REGISTRY_AUTH_FILE");
            });

    cluster.buildPodStarted("release-1");
    cluster.buildEnded("release-1", 0, DIGEST, output("Writing manifest to image destination\n"));
    assertThat(result(build)).isEqualTo(new BuildResult.Pushed(IMAGE, DIGEST));
  }

  @Test
  void theDigestIsReadFromTheTerminationMessageAndTheOutputFollowedIntoTheLog() throws Exception {
    Future<BuildResult> build = build("release-1");
    cluster.buildPodStarted("release-1");
    cluster.buildRunning("release-1", output("STEP 1/4: FROM registry.test:5000/busybox:latest\n"));
    await().atMost(WAIT).until(() -> logs.read("release-1").contains("STEP 1/4"));
    assertThat(build).isNotDone();

    cluster.buildEnded(
        "release-1",
        0,
        DIGEST + "\n",
        output("STEP 1/4: FROM registry.test:5000/busybox:latest\nCopying config\n"));

    assertThat(result(build)).isEqualTo(new BuildResult.Pushed(IMAGE, DIGEST));
    assertThat(logs.read("release-1"))
        .startsWith("--- Job runs/slipway-build-release-1: clone org/shop at v1.2.0")
        .contains("--- pushed " + IMAGE + "@" + DIGEST)
        .endsWith("Copying config\n");
    assertThat(cluster.buildJob("release-1")).as("removed once read").isNull();
  }

  @Test
  void aFailingInstructionIsNamedByItsDockerfileLineFromThePodLog() throws Exception {
    Future<BuildResult> build = build("release-1");
    cluster.buildPodStarted("release-1");
    cluster.buildEnded(
        "release-1",
        1,
        "build-failed",
        output(
            "STEP 1/4: FROM registry.test:5000/busybox:latest\n"
                + "STEP 2/4: COPY www /www\n"
                + "STEP 3/4: RUN echo building &&     false\n"
                + "building\n"
                + "Error: building at STEP \"RUN echo building &&     false\": while running runtime: exit status 1\n"));

    assertThat(result(build))
        .isEqualTo(
            new BuildResult.Failed(
                "docker/Dockerfile:5: RUN echo building && false: while running runtime: exit status 1"));
  }

  @Test
  void theBuildContainersOtherEndingsAreTheBuildahBuildersToo() throws Exception {
    record Row(String name, int exitCode, String message, String buildah, BuildResult expected) {}
    List<Row> rows =
        List.of(
            new Row(
                "no Dockerfile",
                3,
                "no-dockerfile",
                "",
                new BuildResult.Failed("no Dockerfile at docker/Dockerfile in v1.2.0")),
            new Row(
                "registry down on push",
                125,
                "push-failed",
                "STEP 1/1: FROM registry.test:5000/busybox:latest\n--- push "
                    + IMAGE
                    + ":v1.2.0\nGetting image source signatures\n"
                    + "Error: pushing image: dial tcp 10.0.0.5:5000: connect: connection refused\n",
                new BuildResult.RegistryUnavailable(
                    "pushing image: dial tcp 10.0.0.5:5000: connect: connection refused")),
            new Row(
                "killed for memory",
                137,
                "",
                "",
                new BuildResult.Broken("build container ended with exit code 137")));
    int release = 0;
    for (Row row : rows) {
      String releaseId = "release-" + ++release;
      Future<BuildResult> build = build(releaseId);
      cluster.buildPodStarted(releaseId);
      cluster.buildEnded(releaseId, row.exitCode(), row.message(), output(row.buildah()));
      assertThat(result(build)).as(row.name()).isEqualTo(row.expected());
    }
  }

  @Test
  void aCommitTheCloneCannotCheckOutIsGoneFromTheRepository() throws Exception {
    Future<BuildResult> build = build("release-1");
    cluster.buildPodStarted("release-1");
    cluster.buildCheckoutFailed("release-1", "fatal: reference is not a tree: " + Runs.SHA + "\n");

    assertThat(result(build))
        .isEqualTo(
            new BuildResult.Failed(
                "commit "
                    + Runs.SHA
                    + " of v1.2.0 can no longer be fetched from "
                    + Runs.CLONE_URL));
    assertThat(logs.read("release-1"))
        .contains("--- checkout output\nfatal: reference is not a tree");
  }

  @Test
  void aJobDeletedBySomeoneElseIsAnInfrastructureError() throws Exception {
    Future<BuildResult> build = build("release-1");
    cluster.awaitBuildJob("release-1");
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(FakeCluster.NAMESPACE)
        .withName("slipway-build-release-1")
        .delete();

    assertThat(result(build))
        .isEqualTo(
            new BuildResult.Broken("Job runs/slipway-build-release-1 was deleted by someone else"));
  }

  @Test
  void aRestartedRunnerFollowsTheBuildJobItFindsInsteadOfCreatingASecond() throws Exception {
    Job existing =
        client
            .resource(
                new ReleaseJobSpecFactory(Runs.settings(), RELEASE).job(request("release-1"), 1200))
            .create();

    Future<BuildResult> build = build("release-1");
    cluster.buildPodStarted("release-1");
    cluster.buildEnded("release-1", 0, DIGEST, output(""));

    assertThat(result(build)).isEqualTo(new BuildResult.Pushed(IMAGE, DIGEST));
    assertThat(cluster.jobCreations()).as("only the first runner's").isEqualTo(1);
    assertThat(logs.read("release-1"))
        .contains("--- following the build's Job runs/slipway-build-release-1");
    assertThat(existing.getMetadata().getUid()).isNotNull();
  }

  @Test
  void behindReleaseBuildsAFailedBuildIsPublishedFailedWithItsLineAndNothingIsPushed()
      throws Exception {
    List<Object> published = new CopyOnWriteArrayList<>();
    ReleaseBuildEvents events =
        new ReleaseBuildEvents() {
          @Override
          public void buildChanged(
              Envelope<?> cause, String eventId, ReleaseBuildStateChanged event) {
            published.add(event);
          }

          @Override
          public void imagePushed(Envelope<?> cause, String eventId, ImagePushed event) {
            published.add(event);
          }
        };
    ReleaseBuilds builds =
        new ReleaseBuilds(
            builder,
            events,
            new FileReleaseBuildJournal(folder.resolve("releases")),
            Clock.systemUTC(),
            ReleaseImages.byOwner("registry.test:5000"),
            "http://runner.example",
            Duration.ofMinutes(5),
            (from, build) -> {});
    Envelope<Object> cause =
        new Envelope<>(
            "a1",
            "/slipway/release-coordinator",
            "org/shop",
            Instant.now(),
            "d1",
            null,
            "admission",
            null);
    Future<?> admission =
        runner.submit(
            () -> {
              builds.admit(cause, admitted("release-1"));
              return null;
            });
    cluster.buildPodStarted("release-1");
    cluster.buildEnded(
        "release-1",
        1,
        "build-failed",
        output(
            "STEP 1/4: FROM registry.test:5000/busybox:latest\nSTEP 2/4: COPY www /www\n"
                + "Error: building at STEP \"COPY www /www\": checking on sources: copier: stat: \"/www\": no such file or directory\n"));
    admission.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(published)
        .last()
        .isInstanceOfSatisfying(
            ReleaseBuildStateChanged.class,
            failed -> {
              assertThat(failed.to()).isEqualTo(RunState.FAILED);
              assertThat(failed.detail())
                  .isEqualTo(
                      "docker/Dockerfile:4: COPY www /www: checking on sources: copier: stat: \"/www\": no such file or directory");
              assertThat(failed.logUrl()).isEqualTo("http://runner.example/builds/release-1");
            });
    assertThat(published).noneMatch(ImagePushed.class::isInstance);
  }
}
