package dev.slipway.runner.state;

import dev.slipway.runner.domain.LogTail;
import dev.slipway.runner.domain.RunLogs;
import dev.slipway.runner.domain.SecretMasker;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run's log is two files read as one: the runner's own steps (clone, image) and the task's
 * output. The task's output file is rewritten whole when a restarted runner follows a container
 * again, which must not repeat or lose the steps written before. The output part holds at most
 * {@code maxOutputBytes} ({@link #truncating}); readers take the log's tail or stream a range of
 * it, never the whole log at once.
 */
public final class RunLogFiles implements RunLogs {

  public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L * 1024 * 1024;
  public static final int DEFAULT_TAIL_BYTES = 256 * 1024;
  private static final int CHUNK = 64 * 1024;

  private final Path folder;
  private final long maxOutputBytes;
  private final int tailBytes;
  private final Map<String, SecretMasker> maskers = new ConcurrentHashMap<>();

  public RunLogFiles(Path folder) {
    this(folder, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_TAIL_BYTES);
  }

  public RunLogFiles(Path folder, long maxOutputBytes, int tailBytes) {
    if (maxOutputBytes <= 0 || tailBytes <= 0) {
      throw new IllegalArgumentException(
          "the log's limit and tail must be positive: " + maxOutputBytes + ", " + tailBytes);
    }
    this.folder = folder;
    this.maxOutputBytes = maxOutputBytes;
    this.tailBytes = tailBytes;
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

  /**
   * Replaces the run's output part; what passes the limit is dropped and counted ({@link
   * TruncatingOutput}).
   */
  public TruncatingOutput truncatingOutput(String runId) throws IOException {
    return truncating(output(runId), maskerOf(runId));
  }

  /**
   * Writes {@code file} anew, keeping at most the limit of a run's output, with {@code masker}'s
   * values masked.
   */
  public TruncatingOutput truncating(Path file, SecretMasker masker) throws IOException {
    // Not a channel, which an interrupt would close: the runner interrupts workers when it stops.
    return new TruncatingOutput(new FileOutputStream(file.toFile()), maxOutputBytes, masker);
  }

  /**
   * From now on, every value of {@code masker} is masked in what is written to the run's log (its
   * steps and its output), until {@link #unmask}. A run's executor calls it before it writes.
   */
  public void mask(String runId, SecretMasker masker) {
    if (masker.masksNothing()) {
      maskers.remove(runId);
    } else {
      maskers.put(runId, masker);
    }
  }

  /** The run ended: its secrets are forgotten. */
  public void unmask(String runId) {
    maskers.remove(runId);
  }

  /** What is masked in the log of {@code runId}. */
  public SecretMasker maskerOf(String runId) {
    return maskers.getOrDefault(runId, SecretMasker.NONE);
  }

  /** Appends one line of the runner's own to the steps part. */
  public void step(String runId, String line) {
    try {
      Files.writeString(
          steps(runId),
          maskerOf(runId).mask(line) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the log of run " + runId, e);
    }
  }

  public boolean exists(String runId) {
    return RunFiles.isSafe(runId) && (Files.exists(steps(runId)) || Files.exists(output(runId)));
  }

  /**
   * The whole log as text: only for logs known to be small (a test's run); pages and the normalizer
   * read {@link #tail}.
   */
  public String read(String runId) {
    return new String(bytes(runId, 0, length(runId)), StandardCharsets.UTF_8);
  }

  /** The log's length in bytes, steps and output together. */
  public long length(String runId) {
    return size(steps(runId)) + size(output(runId));
  }

  /**
   * The last lines of the log within the tail size: the tail starts after the first line break in
   * its window, so it begins with a whole line (and a whole UTF-8 character).
   */
  @Override
  public LogTail tail(String runId) {
    long length = length(runId);
    long start = Math.max(0, length - tailBytes);
    byte[] window = bytes(runId, start, length);
    int from = 0;
    if (start > 0) {
      int lineBreak = indexOf(window, (byte) '\n');
      from = lineBreak < 0 ? 0 : lineBreak + 1;
    }
    String text = new String(window, from, window.length - from, StandardCharsets.UTF_8);
    return new LogTail(text, start + from, start + window.length);
  }

  /**
   * Streams the log's bytes from {@code from} to {@code to} (both clamped to the log) without
   * holding them.
   */
  public void copy(String runId, long from, long to, OutputStream target) throws IOException {
    long stepsLength = size(steps(runId));
    long end = Math.min(to, length(runId));
    copyPart(steps(runId), from, Math.min(end, stepsLength), target);
    copyPart(output(runId), Math.max(0, from - stepsLength), end - stepsLength, target);
  }

  /** The size, for people, of a limit: "64 MB", "256 kB" or "1000 bytes". */
  static String readable(long bytes) {
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MB";
    }
    return bytes % 1024 == 0 ? bytes / 1024 + " kB" : bytes + " bytes";
  }

  private byte[] bytes(String runId, long from, long to) {
    var bytes =
        new ByteArrayOutputStream((int) Math.max(0, Math.min(to - from, Integer.MAX_VALUE - 16)));
    try {
      copy(runId, from, to, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of run " + runId, e);
    }
    return bytes.toByteArray();
  }

  private static void copyPart(Path file, long from, long to, OutputStream target)
      throws IOException {
    if (from >= to || !Files.exists(file)) {
      return;
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long end = Math.min(to, in.length());
      in.seek(from);
      byte[] buffer = new byte[CHUNK];
      for (long left = end - from; left > 0; ) {
        int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (read < 0) {
          return;
        }
        target.write(buffer, 0, read);
        left -= read;
      }
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
