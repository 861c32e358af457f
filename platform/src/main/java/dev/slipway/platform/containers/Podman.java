package dev.slipway.platform.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The podman command line, always with the service's own configuration files: podman reads {@code
 * CONTAINERS_CONF} and {@code CONTAINERS_STORAGE_CONF} instead of the machine's {@code /etc}.
 * Arguments are passed as a list, never through a shell.
 */
public final class Podman {

  /** What one podman call printed and how it exited. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    /**
     * @throws PodmanException when the call failed
     */
    public Result orThrow(String what) {
      if (!ok()) {
        throw new PodmanException(what + " failed (exit " + exitCode + "): " + stderr.strip());
      }
      return this;
    }
  }

  /** A podman call failed in a way the runner cannot explain by the task. */
  public static class PodmanException extends RuntimeException {
    public PodmanException(String message) {
      super(message);
    }
  }

  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{64}");

  private final Path containersRoot;
  private final Map<String, String> environment;
  private final Path exitDir = exitDir();

  /** Writes the configuration files into {@code containersRoot} and uses them for every call. */
  public Podman(Path containersRoot) {
    this.containersRoot = containersRoot;
    try {
      Files.createDirectories(containersRoot);
      Path containersConf = containersRoot.resolve("containers.conf");
      Path storageConf = containersRoot.resolve("storage.conf");
      Files.writeString(containersConf, resource("containers.conf"));
      Files.writeString(
          storageConf,
          resource("storage.conf").replace("ROOT", containersRoot.toAbsolutePath().toString()));
      this.environment =
          Map.of(
              "CONTAINERS_CONF", containersConf.toAbsolutePath().toString(),
              "CONTAINERS_STORAGE_CONF", storageConf.toAbsolutePath().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write podman's configuration into " + containersRoot, e);
    }
  }

  /** The folder of the service's podman configuration, storage and socket. */
  public Path containersRoot() {
    return containersRoot;
  }

  /** The environment that points podman (and buildah) at the service's configuration. */
  public Map<String, String> environment() {
    return environment;
  }

  /**
   * The exit code conmon wrote when the container ended, read from podman's exit folder: a file
   * read instead of a podman call (some 150 ms each), so a runner can watch a container closely.
   * Empty while the container runs, and when this podman keeps its exit files elsewhere; a caller
   * therefore still asks podman now and then.
   */
  public Optional<Integer> exitCode(String containerId) {
    if (!CONTAINER_ID.matcher(containerId).matches()) {
      throw new IllegalArgumentException("not a container id: " + containerId);
    }
    Path file = exitDir.resolve(containerId);
    try {
      String written = Files.readString(file, StandardCharsets.US_ASCII).strip();
      // conmon writes the file once; an empty one is still being written.
      return written.isEmpty() ? Optional.empty() : Optional.of(Integer.valueOf(written));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Where conmon writes exit files: under podman's {@code tmp_dir}, which the service's
   * containers.conf leaves at podman's default ({@code /run/libpod} for root, else under {@code
   * XDG_RUNTIME_DIR}).
   */
  private static Path exitDir() {
    String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
    if ("root".equals(System.getProperty("user.name")) || runtimeDir == null) {
      return Path.of("/run/libpod/exits");
    }
    return Path.of(runtimeDir, "libpod", "tmp", "exits");
  }

  public Result call(String... arguments) {
    return call(DEFAULT_TIMEOUT, List.of(arguments));
  }

  public Result call(Duration timeout, List<String> arguments) {
    Process process = start(arguments, null);
    try {
      var stdout = drain(process.getInputStream());
      var stderr = drain(process.getErrorStream());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new PodmanException(
            "podman " + arguments.get(0) + " did not finish within " + timeout);
      }
      return new Result(process.exitValue(), stdout.text(), stderr.text());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new PodmanException("interrupted while podman " + arguments.get(0) + " ran");
    }
  }

  /**
   * Starts a podman call that runs on; its output goes to {@code output} (replaced), or is readable
   * when null.
   */
  public Process start(List<String> arguments, Path output) {
    List<String> command = new ArrayList<>();
    command.add("podman");
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    if (output != null) {
      builder.redirectErrorStream(true).redirectOutput(output.toFile());
    }
    try {
      return builder.start();
    } catch (IOException e) {
      throw new PodmanException("cannot run podman (is it installed?): " + e.getMessage());
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Podman.class.getResourceAsStream("/podman/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Drain drain(InputStream stream) {
    Drain drain = new Drain(stream);
    Thread thread = new Thread(drain, "podman-output");
    thread.setDaemon(true);
    thread.start();
    drain.thread = thread;
    return drain;
  }

  /**
   * Reads a stream to its end on a thread of its own, so a chatty process never blocks on a full
   * pipe.
   */
  private static final class Drain implements Runnable {
    private final InputStream stream;
    private volatile byte[] bytes = new byte[0];
    private Thread thread;

    Drain(InputStream stream) {
      this.stream = stream;
    }

    @Override
    public void run() {
      try {
        bytes = stream.readAllBytes();
      } catch (IOException e) {
        bytes = ("(output unreadable: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
      }
    }

    String text() throws InterruptedException {
      thread.join(5000);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
