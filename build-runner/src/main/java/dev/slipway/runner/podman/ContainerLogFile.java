package dev.slipway.runner.podman;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The log file conmon writes for a task container (podman's {@code k8s-file} driver), read directly
 * while it grows. {@code podman logs --follow} is not used: podman 4 stops it when the container
 * exits wherever its reading had got to (containers/podman#21914), which kept 19 MB of a 400 MB
 * log, and it decodes some 10 MB/s. Each line of the file is {@code <time> <stream> <P|F> <text>}:
 * F ends a line of the task's output, P is a part of a longer one; stdout and stderr come
 * interleaved in the order conmon read them.
 */
final class ContainerLogFile implements AutoCloseable {

  private static final int CHUNK = 256 * 1024;

  /**
   * Chunks read in one {@link #copyNew} at most, so the caller also gets to watch the container.
   */
  private static final int CHUNKS_PER_COPY = 64;

  private static final int FIELDS_BEFORE_TEXT = 3;

  private final Path file;
  private final byte[] chunk = new byte[CHUNK];
  private final byte[] text = new byte[CHUNK];
  private InputStream in;
  private int fieldsSeen;
  private byte tag;

  ContainerLogFile(Path file) {
    this.file = file;
  }

  /**
   * Writes the task's output that reached the file since the last call to {@code output}, one write
   * per chunk read.
   *
   * @return whether anything was read
   */
  boolean copyNew(OutputStream output) throws IOException {
    if (in == null) {
      if (!Files.exists(file)) {
        return false;
      }
      // Not a channel: a worker interrupted to stop the runner must leave the container running,
      // not fail its log.
      in = new FileInputStream(file.toFile());
    }
    boolean read = false;
    for (int i = 0; i < CHUNKS_PER_COPY; i++) {
      int length = in.read(chunk);
      if (length <= 0) {
        break;
      }
      read = true;
      output.write(text, 0, decode(chunk, length, text));
    }
    return read;
  }

  /** Copies until the end of the file as it is now. */
  void copyRest(OutputStream output) throws IOException {
    boolean more = true;
    while (more) {
      more = copyNew(output);
    }
  }

  /**
   * Decodes {@code length} bytes of the file into the task's output; a line may span calls. The
   * output is never longer than the input: each line's header is dropped and its line break kept
   * only when it ends the task's line.
   */
  int decode(byte[] bytes, int length, byte[] target) {
    int written = 0;
    int i = 0;
    while (i < length) {
      if (fieldsSeen < FIELDS_BEFORE_TEXT) {
        byte b = bytes[i++];
        if (b == ' ') {
          fieldsSeen++;
        } else if (fieldsSeen == 2) {
          tag = b;
        }
        continue;
      }
      int lineEnd = i;
      while (lineEnd < length && bytes[lineEnd] != '\n') {
        lineEnd++;
      }
      System.arraycopy(bytes, i, target, written, lineEnd - i);
      written += lineEnd - i;
      if (lineEnd < length) {
        if (tag == 'F') {
          target[written++] = '\n';
        }
        fieldsSeen = 0;
        lineEnd++;
      }
      i = lineEnd;
    }
    return written;
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
    }
  }
}
