package dev.slipway.runner.state;

import dev.slipway.runner.domain.SecretMasker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The task's output on its way into the run's log: its secrets masked first ({@link SecretMasker},
 * so a value cut by the limit is still masked whole), then the first {@code maxBytes} kept, the
 * rest counted and dropped, so the writer upstream (the follower of a container or a Pod) keeps
 * draining and never holds up the task. Closing it ends the log with a line that says how much was
 * dropped.
 */
public final class TruncatingOutput extends OutputStream {

  private final OutputStream target;
  private final long maxBytes;
  private final SecretMasker.Stream masking;
  private long written;
  private long discarded;
  private boolean closed;

  public TruncatingOutput(OutputStream target, long maxBytes, SecretMasker masker) {
    this.target = target;
    this.maxBytes = maxBytes;
    this.masking = masker.stream();
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    keep(masking.write(bytes, offset, length));
  }

  private void keep(byte[] bytes) throws IOException {
    int offset = 0;
    int length = bytes.length;
    int kept = (int) Math.min(length, maxBytes - written);
    if (kept > 0) {
      target.write(bytes, offset, kept);
      written += kept;
    }
    discarded += length - Math.max(kept, 0);
  }

  @Override
  public void flush() throws IOException {
    target.flush();
  }

  /** How many bytes were dropped so far. */
  public synchronized long discarded() {
    return discarded;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      keep(masking.finish());
      if (discarded > 0) {
        target.write(truncationLine(maxBytes, discarded).getBytes(StandardCharsets.UTF_8));
      }
    } finally {
      target.close();
    }
  }

  /** The log's last line when output passed the limit; it starts on a line of its own. */
  static String truncationLine(long maxBytes, long discarded) {
    return "\n--- log truncated at "
        + RunLogFiles.readable(maxBytes)
        + ": "
        + discarded
        + " bytes discarded\n";
  }
}
