package dev.slipway.runner.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build container's script, run by this machine's {@code sh} with a stand-in {@code buildah} on
 * the path and its fixed paths (workspace, termination message) moved into a temporary folder: what
 * it prints, the word it leaves on the termination message and its exit code.
 */
class ReleaseBuildScriptTest {

  private static final String DIGEST = "sha256:" + "cd".repeat(32);
  private static final String DOCKERFILE =
      "FROM registry.test:5000/busybox\nRUN echo 'ünïcode' \\\n  && false";

  @TempDir Path folder;
  private Path workspace;
  private Path termination;
  private Path calls;

  @BeforeEach
  void fakeBuildah() throws IOException {
    workspace = Files.createDirectories(folder.resolve("workspace"));
    termination = folder.resolve("termination-log");
    calls = folder.resolve("buildah-calls");
    Path bin = Files.createDirectories(folder.resolve("bin"));
    Path buildah = bin.resolve("buildah");
    Files.writeString(
        buildah,
        "#!/bin/sh\n"
            + "echo \"$@\" >> "
            + calls
            + "\n"
            + "case \"$1\" in\n"
            + "  bud) echo 'STEP 1/2: FROM registry.test:5000/busybox'; exit \"${FAKE_BUD_EXIT:-0}\" ;;\n"
            + "  push) echo 'Getting image source signatures'; printf '"
            + DIGEST
            + "' > \"$3\" ;;\n"
            + "esac\n");
    Files.setPosixFilePermissions(buildah, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Ran(int exitCode, String output, String message) {}

  private Ran run(String dockerfile, String context, Map<String, String> env) throws Exception {
    String script =
        ReleaseJobSpecFactory.SCRIPT
            .replace("/workspace", workspace.toString())
            .replace(ReleaseJobSpecFactory.TERMINATION_MESSAGE_PATH, termination.toString())
            .replace("/tmp/registries.conf", folder.resolve("registries.conf").toString());
    ProcessBuilder builder =
        new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).directory(folder.toFile());
    builder.environment().put("PATH", folder.resolve("bin") + ":" + System.getenv("PATH"));
    builder.environment().put("SLIPWAY_DOCKERFILE", dockerfile);
    builder.environment().put("SLIPWAY_CONTEXT", context);
    builder.environment().put("SLIPWAY_IMAGE", "registry.test:5000/org/shop:v1");
    builder.environment().put("SLIPWAY_REGISTRIES_CONF", "unqualified-search-registries = []\n");
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String message = Files.exists(termination) ? Files.readString(termination) : "";
    return new Ran(process.exitValue(), new String(output, StandardCharsets.UTF_8), message);
  }

  private void dockerfileAt(String path) throws IOException {
    Path file = workspace.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, DOCKERFILE, StandardCharsets.UTF_8);
  }

  @Test
  void aBuildThatPushesLeavesTheDigestAndPrintsTheDockerfileFirst() throws Exception {
    dockerfileAt("docker/Dockerfile");

    Ran ran = run("docker/Dockerfile", ".", Map.of());

    assertThat(ran.exitCode()).isZero();
    assertThat(ran.message()).isEqualTo(DIGEST);
    KubernetesImageBuilder.BuildOutput output =
        KubernetesImageBuilder.BuildOutput.parse(ran.output().getBytes(StandardCharsets.UTF_8));
    assertThat(output.dockerfile()).isEqualTo(DOCKERFILE);
    assertThat(output.build()).contains("--- build registry.test:5000/org/shop:v1\nSTEP 1/2");
    assertThat(output.push())
        .startsWith("--- push registry.test:5000/org/shop:v1\nGetting image source signatures");
    assertThat(Files.readString(calls))
        .contains(
            "bud --isolation chroot --network none --file "
                + workspace.resolve("docker/Dockerfile")
                + " --tag registry.test:5000/org/shop:v1 "
                + workspace);
  }

  @Test
  void aFailingBuildLeavesItsStepAndBuildahsExitCode() throws Exception {
    dockerfileAt("Dockerfile");

    Ran ran = run("Dockerfile", ".", Map.of("FAKE_BUD_EXIT", "2"));

    assertThat(ran.exitCode()).isEqualTo(2);
    assertThat(ran.message()).isEqualTo(ReleaseJobSpecFactory.Stop.BUILD_FAILED.word());
    assertThat(Files.readString(calls)).doesNotContain("push");
  }

  @Test
  void aDockerfileOrContextMissingOrOutsideTheCloneBuildsNothing() throws Exception {
    dockerfileAt("Dockerfile");
    Files.writeString(folder.resolve("Dockerfile"), "FROM scratch\n");
    Files.createSymbolicLink(workspace.resolve("link"), folder.resolve("Dockerfile"));

    assertThat(run("nope/Dockerfile", ".", Map.of()))
        .extracting(Ran::exitCode, Ran::message)
        .containsExactly(3, "no-dockerfile");
    assertThat(run("../Dockerfile", ".", Map.of()))
        .extracting(Ran::message)
        .isEqualTo("no-dockerfile");
    assertThat(run("link", ".", Map.of())).extracting(Ran::message).isEqualTo("no-dockerfile");
    assertThat(run("Dockerfile", "nope", Map.of()))
        .extracting(Ran::message)
        .isEqualTo("no-context");
    assertThat(run("Dockerfile", "..", Map.of())).extracting(Ran::message).isEqualTo("no-context");
    assertThat(calls).doesNotExist();
  }
}
