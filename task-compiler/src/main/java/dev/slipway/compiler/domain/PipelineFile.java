package dev.slipway.compiler.domain;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The file a repository declares its pipeline in, and what every source accepts of it. */
public final class PipelineFile {

  public static final String NAME = ".slipway.yml";

  /** Larger files are refused unread; the parser's own limit (in characters) is lower still. */
  public static final long MAX_BYTES = 4L * 1024 * 1024;

  private PipelineFile() {}

  /** Refuses a file of {@code size} bytes before it is read, when it is too large. */
  public static void requireReadable(long size) throws PipelineException {
    if (size > MAX_BYTES) {
      throw new PipelineException(
          NAME + " is " + size + " bytes; at most " + MAX_BYTES + " are read", null);
    }
  }

  /** Refuses what is not a regular file: a link, a directory or a submodule. */
  public static PipelineException notARegularFile() {
    return new PipelineException(NAME + " must be a regular file, not a link or a directory", null);
  }

  /**
   * The file's text.
   *
   * @throws PipelineException naming the first line that is not UTF-8
   */
  public static String text(byte[] bytes) throws PipelineException {
    requireReadable(bytes.length);
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(buffer)
          .toString();
    } catch (CharacterCodingException e) {
      int line = 1;
      for (int i = 0; i < buffer.position(); i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new PipelineException(NAME + " is not UTF-8 text", line);
    }
  }
}
