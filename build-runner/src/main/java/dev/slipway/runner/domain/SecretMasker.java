package dev.slipway.runner.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Replaces every occurrence of a run's secret values by {@value #MASK}, by exact value. Text
 * covered by several occurrences (values that overlap or follow each other) becomes one {@value
 * #MASK}, so no part of any value is left. Output arrives in writes that may split a value
 * anywhere: a {@link Stream} holds back only the end of a write that could still become a value,
 * and lets it go once the next write (or the end) decides.
 */
public final class SecretMasker {

  public static final String MASK = "***";
  private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.UTF_8);

  /** Masks nothing: runs without secrets. */
  public static final SecretMasker NONE = new SecretMasker(List.of());

  private final List<byte[]> values;

  private SecretMasker(List<byte[]> values) {
    this.values = values;
  }

  /** A masker of these values; empty values are no text to hide and are left out. */
  public static SecretMasker of(Collection<String> values) {
    return new SecretMasker(
        values.stream()
            .filter(Objects::nonNull)
            .filter(value -> !value.isEmpty())
            .distinct()
            .map(value -> value.getBytes(StandardCharsets.UTF_8))
            .toList());
  }

  public boolean masksNothing() {
    return values.isEmpty();
  }

  /** {@code text} with every value masked; null stays null. */
  public String mask(String text) {
    if (text == null || values.isEmpty()) {
      return text;
    }
    Stream stream = stream();
    byte[] head = stream.write(text.getBytes(StandardCharsets.UTF_8));
    byte[] rest = stream.finish();
    byte[] whole = Arrays.copyOf(head, head.length + rest.length);
    System.arraycopy(rest, 0, whole, head.length, rest.length);
    return new String(whole, StandardCharsets.UTF_8);
  }

  /** A masking of one output, written in pieces. */
  public Stream stream() {
    return new Stream();
  }

  /**
   * One output on its way through the masker: {@link #write} returns what may be shown so far,
   * {@link #finish} the rest at the end.
   */
  public final class Stream {

    /** Bytes written and not let go yet. */
    private byte[] pending = new byte[0];

    /** How many bytes from the start of {@link #pending} are covered by a value found so far. */
    private int coveredUntil;

    /** Whether the last byte let go was covered, so a covered stretch gets one mask. */
    private boolean inMask;

    private Stream() {}

    public byte[] write(byte[] bytes) {
      return write(bytes, 0, bytes.length);
    }

    public byte[] write(byte[] bytes, int offset, int length) {
      if (values.isEmpty()) {
        return Arrays.copyOfRange(bytes, offset, offset + length);
      }
      byte[] joined = Arrays.copyOf(pending, pending.length + length);
      System.arraycopy(bytes, offset, joined, pending.length, length);
      pending = joined;
      return release(false);
    }

    /** What was held back, masked as far as it matches a whole value: the output ended. */
    public byte[] finish() {
      return release(true);
    }

    /**
     * Lets go of every byte whose fate is decided: no value that starts at or before it can still
     * grow into a match with bytes yet to come.
     */
    private byte[] release(boolean ended) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(pending.length + MASK_BYTES.length);
      int position = 0;
      for (; position < pending.length; position++) {
        boolean undecided = false;
        for (byte[] value : values) {
          int available = pending.length - position;
          if (value.length <= available) {
            if (matchesAt(value, position, value.length)) {
              coveredUntil = Math.max(coveredUntil, position + value.length);
            }
          } else if (!ended && matchesAt(value, position, available)) {
            undecided = true;
          }
        }
        if (undecided) {
          break;
        }
        if (position < coveredUntil) {
          if (!inMask) {
            out.writeBytes(MASK_BYTES);
          }
          inMask = true;
        } else {
          out.write(pending[position]);
          inMask = false;
        }
      }
      pending = Arrays.copyOfRange(pending, position, pending.length);
      coveredUntil = Math.max(0, coveredUntil - position);
      return out.toByteArray();
    }

    /** Whether the first {@code length} bytes of {@code value} are at {@code position}. */
    private boolean matchesAt(byte[] value, int position, int length) {
      return Arrays.equals(value, 0, length, pending, position, position + length);
    }
  }
}
