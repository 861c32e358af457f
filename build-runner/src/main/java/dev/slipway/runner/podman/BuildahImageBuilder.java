package dev.slipway.runner.podman;

import dev.slipway.platform.containers.Podman;
import dev.slipway.platform.containers.RegistryCredentials;
import dev.slipway.runner.domain.BuildResult;
import dev.slipway.runner.domain.ImageBuilder;
import dev.slipway.runner.domain.ReleaseBuildRequest;
import dev.slipway.runner.errors.BuildahErrors;
import dev.slipway.runner.git.GitCheckout;
import dev.slipway.runner.registry.RegistriesConf;
import dev.slipway.runner.state.RunFiles;
import dev.slipway.runner.state.RunLogFiles;
import dev.slipway.runner.state.TruncatingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a release's image on this machine with buildah, daemonless: the clone step (JGit, as for
 * task runs) into a workspace, {@code buildah bud} of the release's Dockerfile, then {@code buildah
 * push} by digest. buildah reads the service's own containers.conf / storage.conf (from {@link
 * Podman}) and a registries.conf of the runner's that turns TLS verification off for the runner's
 * registry when {@code registry-insecure} is set, and for no other.
 */
public final class BuildahImageBuilder implements ImageBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(BuildahImageBuilder.class);

  /** How long the output of an ended buildah call may still take to reach the log. */
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(10);

  private final GitCheckout git;
  private final RunLogFiles logs;
  private final Path workDir;
  private final Duration timeout;
  private final Map<String, String> environment;

  /**
   * @param credentials the runner's account on {@code registry}: buildah pulls the base images and
   *     pushes with it, from an auth file only the runner can read, never from its arguments
   */
  public BuildahImageBuilder(
      Podman podman,
      Path containersRoot,
      GitCheckout git,
      RunLogFiles logs,
      Path workDir,
      String registry,
      boolean registryInsecure,
      Optional<RegistryCredentials> credentials,
      Duration timeout) {
    this.git = git;
    this.logs = logs;
    this.workDir = workDir;
    this.timeout = timeout;
    Map<String, String> env = new HashMap<>(podman.environment());
    env.put(
        "CONTAINERS_REGISTRIES_CONF",
        writeRegistriesConf(containersRoot, registry, registryInsecure).toString());
    // buildah reads REGISTRY_AUTH_FILE for every registry call, bud's base image pulls included.
    credentials.ifPresent(
        account ->
            env.put(
                "REGISTRY_AUTH_FILE", writeAuthFile(account, containersRoot, registry).toString()));
    this.environment = Map.copyOf(env);
  }

  @Override
  public BuildResult build(ReleaseBuildRequest request) throws InterruptedException {
    String releaseId = RunFiles.checked(request.releaseId());
    long deadline = System.nanoTime() + timeout.toNanos();
    Path workspace = workDir.resolve(releaseId).resolve("workspace");
    try {
      Files.deleteIfExists(logs.output(releaseId));
      Workspaces.deleteTree(workspace.getParent());
      Files.createDirectories(workspace.getParent());
      logs.step(
          releaseId,
          "--- clone "
              + request.repository()
              + " at "
              + request.tag()
              + " ("
              + request.sha()
              + ")");
      git.checkout(
          request.repository(),
          request.cloneUrl(),
          request.sha(),
          workspace,
          timeout,
          line -> logs.step(releaseId, line));
      Path dockerfile = workspace.resolve(request.dockerfile()).normalize();
      Path context = workspace.resolve(request.context()).normalize();
      if (!dockerfile.startsWith(workspace) || !Files.isRegularFile(dockerfile)) {
        return failed(
            releaseId, "no Dockerfile at " + request.dockerfile() + " in " + request.tag());
      }
      if (!context.startsWith(workspace) || !Files.isDirectory(context)) {
        return failed(releaseId, "no build context " + request.context() + " in " + request.tag());
      }
      logs.step(releaseId, "--- build " + request.reference() + " from " + request.dockerfile());
      Path digestFile = workspace.getParent().resolve("digest");
      try (TruncatingOutput output = logs.truncatingOutput(releaseId)) {
        Call bud =
            buildah(
                deadline,
                output,
                "bud",
                "--isolation",
                "oci",
                "--runtime",
                "runc",
                "--network",
                "none",
                "--file",
                dockerfile.toString(),
                "--tag",
                request.reference(),
                context.toString());
        if (bud.timedOut()) {
          return new BuildResult.TimedOut("build did not finish within " + timeout);
        }
        if (bud.exitCode() != 0) {
          String dockerfileText = Files.readString(dockerfile, StandardCharsets.UTF_8);
          return BuildahErrors.ofBuild(
              logs.tail(releaseId).text(), bud.exitCode(), dockerfileText, request.dockerfile());
        }
        Call push =
            buildah(
                deadline,
                output,
                "push",
                "--digestfile",
                digestFile.toString(),
                request.reference(),
                "docker://" + request.reference());
        if (push.timedOut()) {
          return new BuildResult.TimedOut("push did not finish within " + timeout);
        }
        if (push.exitCode() != 0) {
          return BuildahErrors.ofPush(pushOutput(releaseId), push.exitCode());
        }
      }
      String digest = Files.readString(digestFile, StandardCharsets.UTF_8).strip();
      logs.step(releaseId, "--- pushed " + request.image() + "@" + digest);
      removeLocalCopy(request.reference());
      return new BuildResult.Pushed(request.image(), digest);
    } catch (GitCheckout.CheckoutFailedException e) {
      logs.step(releaseId, "clone failed: " + e.getMessage());
      return e.commitMissing()
          ? new BuildResult.Failed(
              "commit "
                  + request.sha()
                  + " of "
                  + request.tag()
                  + " can no longer be fetched from "
                  + request.cloneUrl())
          : new BuildResult.Broken("clone failed: " + e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      return new BuildResult.Broken("cannot prepare the build: " + e.getMessage());
    } finally {
      try {
        Workspaces.deleteTree(workspace);
      } catch (IOException e) {
        logs.step(releaseId, "workspace not removed: " + e.getMessage());
      }
    }
  }

  /**
   * The registry has the image now; this machine's copy would only fill the storage. Removed in the
   * background: the release waits for its digest, not for the clean-up.
   */
  private void removeLocalCopy(String reference) {
    ProcessBuilder builder =
        new ProcessBuilder("buildah", "rmi", reference)
            .redirectErrorStream(true)
            .redirectOutput(Redirect.DISCARD);
    builder.environment().putAll(environment);
    try {
      builder
          .start()
          .onExit()
          .thenAccept(
              removal -> {
                if (removal.exitValue() != 0) {
                  LOG.warn(
                      "buildah rmi {} exited with {}: the local copy stays until removed by hand",
                      reference,
                      removal.exitValue());
                }
              });
    } catch (IOException e) {
      LOG.warn("buildah rmi {} could not start: {}", reference, e.getMessage());
    }
  }

  private BuildResult failed(String releaseId, String detail) {
    logs.step(releaseId, detail);
    return new BuildResult.Failed(detail);
  }

  /** The push's part of the output: buildah bud's output comes before it. */
  private String pushOutput(String releaseId) {
    String log = logs.tail(releaseId).text();
    int push = log.lastIndexOf("Getting image source signatures");
    return push < 0 ? log : log.substring(push);
  }

  private record Call(int exitCode, boolean timedOut) {}

  /**
   * One buildah call, its output added to the release's log up to the run's limit (a Dockerfile's
   * {@code RUN} steps print what they like), stopped at {@code deadline} ({@link System#nanoTime}).
   */
  private Call buildah(long deadline, TruncatingOutput output, String... arguments)
      throws InterruptedException, IOException {
    List<String> command = new ArrayList<>();
    command.add("buildah");
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException("cannot run buildah (is it installed?): " + e.getMessage(), e);
    }
    Thread copier = new Thread(() -> copy(process.getInputStream(), output), "buildah-output");
    copier.setDaemon(true);
    copier.start();
    try {
      if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        stop(process);
        copier.join(OUTPUT_DRAIN.toMillis());
        return new Call(-1, true);
      }
      copier.join(OUTPUT_DRAIN.toMillis());
      return new Call(process.exitValue(), false);
    } catch (InterruptedException e) {
      stop(process);
      throw e;
    }
  }

  /** Reads to the end whatever the log keeps: buildah would block on a full pipe otherwise. */
  private static void copy(InputStream from, TruncatingOutput to) {
    byte[] buffer = new byte[64 * 1024];
    boolean writable = true;
    try (from) {
      for (int read = from.read(buffer); read >= 0; read = from.read(buffer)) {
        try {
          if (writable) {
            to.write(buffer, 0, read);
          }
        } catch (IOException e) {
          writable = false;
          LOG.warn("release build output no longer written to its log: {}", e.getMessage());
        }
      }
    } catch (IOException e) {
      LOG.warn("release build output not read to its end: {}", e.getMessage());
    }
  }

  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static Path writeAuthFile(
      RegistryCredentials account, Path containersRoot, String registry) {
    try {
      return account
          .writeAuthFile(containersRoot.resolve("registry-auth.json"), registry)
          .toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write buildah's registry auth file into " + containersRoot, e);
    }
  }

  private static Path writeRegistriesConf(Path containersRoot, String registry, boolean insecure) {
    Path file = containersRoot.resolve("registries.conf");
    String conf = RegistriesConf.text(registry, insecure);
    try {
      Files.createDirectories(containersRoot);
      Files.writeString(file, conf, StandardCharsets.UTF_8);
      return file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write buildah's registries.conf into " + containersRoot, e);
    }
  }
}
