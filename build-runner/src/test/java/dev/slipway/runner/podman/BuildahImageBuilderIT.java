package dev.slipway.runner.podman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.platform.containers.Podman;
import dev.slipway.platform.containers.RegistryCredentials;
import dev.slipway.runner.domain.BuildResult;
import dev.slipway.runner.domain.ReleaseBuildRequest;
import dev.slipway.runner.domain.ReleaseImages;
import dev.slipway.runner.git.GitCheckout;
import dev.slipway.runner.registry.RegistryApi;
import dev.slipway.runner.state.RunLogFiles;
import dev.slipway.testsupport.FreePorts;
import dev.slipway.testsupport.registry.LocalRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real buildah building a tiny Dockerfile on the busybox base image of a real local registry, and
 * pushing it there.
 */
class BuildahImageBuilderIT {

  private static Path root;
  private static RunLogFiles logs;

  @BeforeAll
  static void folders() throws IOException {
    root = Files.createTempDirectory("slipway-buildah");
    logs = new RunLogFiles(root.resolve("logs"));
  }

  @Test
  void buildsAndPushesTheImageByDigest() throws Exception {
    TestRepository repository =
        TestRepository.create(TestRepository.application("RUN echo built > /www/built.txt"));
    BuildResult result =
        builder(LocalRegistry.address()).build(request(repository, "Dockerfile", "v1"));

    assertThat(result).isInstanceOf(BuildResult.Pushed.class);
    BuildResult.Pushed pushed = (BuildResult.Pushed) result;
    assertThat(pushed.image()).isEqualTo(LocalRegistry.address() + "/org/shop");
    assertThat(pushed.digest()).matches("sha256:[0-9a-f]{64}");
    assertThat(RegistryApi.digest(LocalRegistry.address(), "org/shop", "v1"))
        .isEqualTo(pushed.digest());
  }

  @Test
  void aBuildThatPrintsMoreThanTheLogKeepsIsCutAtTheLimitAndStillPushed() throws Exception {
    RunLogFiles small = new RunLogFiles(root.resolve("small-logs"), 64 * 1024, 16 * 1024);
    TestRepository repository =
        TestRepository.create(
            TestRepository.application(
                "RUN busybox yes 'a line of a chatty build step' | busybox head -c 3000000"));
    ReleaseBuildRequest request = request(repository, "Dockerfile", "v7");

    BuildResult result =
        builder(LocalRegistry.address(), Optional.empty(), root.resolve("containers"), small)
            .build(request);

    assertThat(result).isInstanceOf(BuildResult.Pushed.class);
    assertThat(Files.size(small.output(request.releaseId()))).isLessThan(70 * 1024);
    assertThat(small.read(request.releaseId()))
        .contains("a line of a chatty build step")
        .containsPattern("--- log truncated at 64 kB: \\d+ bytes discarded");
  }

  @Test
  void pullsAndPushesWithTheRunnersAccountOnARegistryThatWantsOne() throws Exception {
    LocalRegistry.Secured registry = LocalRegistry.secured();
    TestRepository repository =
        TestRepository.create(
            Map.of("Dockerfile", "FROM " + registry.busybox() + "\nRUN echo built > /built.txt\n"));
    RegistryCredentials account = new RegistryCredentials(registry.username(), registry.password());

    BuildResult anonymous =
        anonymousBuilder(registry.address()).build(securedRequest(repository, registry, "v5"));
    BuildResult withAccount =
        builder(registry.address(), Optional.of(account), root.resolve("containers"))
            .build(securedRequest(repository, registry, "v6"));

    assertThat(anonymous)
        .as("without the runner's account")
        .isNotInstanceOf(BuildResult.Pushed.class);
    assertThat(withAccount).isInstanceOf(BuildResult.Pushed.class);
  }

  @Test
  void noDockerfileAtThePathFails() throws Exception {
    TestRepository repository = TestRepository.create(TestRepository.application(""));
    assertThat(
            builder(LocalRegistry.address()).build(request(repository, "docker/Dockerfile", "v2")))
        .isEqualTo(new BuildResult.Failed("no Dockerfile at docker/Dockerfile in v2"));
    assertThat(
            builder(LocalRegistry.address()).build(request(repository, "../../etc/passwd", "v2")))
        .isEqualTo(new BuildResult.Failed("no Dockerfile at ../../etc/passwd in v2"));
  }

  @Test
  void aCommitThatIsGoneFails() throws Exception {
    TestRepository repository = TestRepository.create(TestRepository.application(""));
    String gone = "0123456789abcdef0123456789abcdef01234567";
    ReleaseBuildRequest request =
        ReleaseBuildRequest.of(
            admitted(repository.cloneUrl(), gone, "Dockerfile", "v3"),
            ReleaseImages.byOwner(LocalRegistry.address()));

    assertThat(builder(LocalRegistry.address()).build(request))
        .isEqualTo(
            new BuildResult.Failed(
                "commit "
                    + gone
                    + " of v3 can no longer be fetched from "
                    + repository.cloneUrl()));
  }

  @Test
  void aRegistryThatIsDownIsToldApart() throws Exception {
    String down = "127.0.0.1:" + FreePorts.take();
    TestRepository repository =
        TestRepository.create(
            Map.of("Dockerfile", "FROM " + down + "/busybox:latest\nCMD [\"true\"]\n"));

    BuildResult result = builder(down).build(request(repository, "Dockerfile", "v4"));

    assertThat(result).isInstanceOf(BuildResult.RegistryUnavailable.class);
    assertThat(((BuildResult.RegistryUnavailable) result).detail()).contains("connection refused");
  }

  private static BuildahImageBuilder builder(String registry) {
    return builder(registry, Optional.empty(), root.resolve("containers"));
  }

  /** With a storage of its own, so that no base image pulled with the account is at hand. */
  private static BuildahImageBuilder anonymousBuilder(String registry) {
    return builder(registry, Optional.empty(), root.resolve("anonymous-containers"));
  }

  private static BuildahImageBuilder builder(
      String registry, Optional<RegistryCredentials> account, Path containers) {
    return builder(registry, account, containers, logs);
  }

  private static BuildahImageBuilder builder(
      String registry, Optional<RegistryCredentials> account, Path containers, RunLogFiles logs) {
    return new BuildahImageBuilder(
        new Podman(containers),
        containers,
        new GitCheckout(),
        logs,
        root.resolve("work"),
        registry,
        true,
        account,
        Duration.ofMinutes(5));
  }

  private static ReleaseBuildRequest securedRequest(
      TestRepository repository, LocalRegistry.Secured registry, String tag) {
    return ReleaseBuildRequest.of(
        admitted(repository.cloneUrl(), repository.sha(), "Dockerfile", tag),
        ReleaseImages.byOwner(registry.address()));
  }

  private static ReleaseBuildRequest request(
      TestRepository repository, String dockerfile, String tag) {
    return ReleaseBuildRequest.of(
        admitted(repository.cloneUrl(), repository.sha(), dockerfile, tag),
        ReleaseImages.byOwner(LocalRegistry.address()));
  }

  private static ReleaseAdmitted admitted(
      String cloneUrl, String sha, String dockerfile, String tag) {
    return new ReleaseAdmitted(
        "release-" + UUID.randomUUID(),
        "org/shop",
        tag,
        sha,
        cloneUrl,
        1,
        "dc1",
        new BuildDefinition(dockerfile, "."),
        null,
        null,
        null);
  }
}
