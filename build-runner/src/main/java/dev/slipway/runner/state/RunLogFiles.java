package dev.slipway.runner.state;

import dev.slipway.runner.domain.RunLogs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A run's log is two files read as one: the runner's own steps (clone, image) and the task's
 * output. The task's output file is rewritten whole when a restarted runner follows a container
 * again, which must not repeat or lose the steps written before.
 */
public final class RunLogFiles implements RunLogs {

  private final Path folder;

  public RunLogFiles(Path folder) {
    this.folder = folder;
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the log folder " + folder, e);
    }
  }

  public Path steps(String runId) {
    return folder.resolve(RunFiles.checked(runId) + ".steps.log");
  }

  public Path output(String runId) {
    return folder.resolve(RunFiles.checked(runId) + ".log");
  }

  /** Appends one line of the runner's own to the steps part. */
  public void step(String runId, String line) {
    try {
      Files.writeString(
          steps(runId), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the log of run " + runId, e);
    }
  }

  public boolean exists(String runId) {
    return RunFiles.isSafe(runId) && (Files.exists(steps(runId)) || Files.exists(output(runId)));
  }

  @Override
  public String read(String runId) {
    return new String(readFrom(runId, 0), StandardCharsets.UTF_8);
  }

  /** The bytes of the whole log from {@code offset} on (empty past its end). */
  public byte[] readFrom(String runId, long offset) {
    try {
      byte[] steps = bytesFrom(steps(runId), offset);
      long stepsLength = Files.exists(steps(runId)) ? Files.size(steps(runId)) : 0;
      byte[] output = bytesFrom(output(runId), Math.max(0, offset - stepsLength));
      byte[] all = new byte[steps.length + output.length];
      System.arraycopy(steps, 0, all, 0, steps.length);
      System.arraycopy(output, 0, all, steps.length, output.length);
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of run " + runId, e);
    }
  }

  private static byte[] bytesFrom(Path file, long offset) throws IOException {
    if (!Files.exists(file)) {
      return new byte[0];
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (offset >= length) {
        return new byte[0];
      }
      byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 16, length - offset)];
      in.seek(offset);
      in.readFully(bytes);
      return bytes;
    }
  }
}
