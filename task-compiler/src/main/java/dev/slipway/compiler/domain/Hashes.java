package dev.slipway.compiler.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over parts separated by a NUL byte, so ("ab", "c") and ("a", "bc") never collide. */
public final class Hashes {

  private Hashes() {}

  public static String sha256Hex(String... parts) {
    MessageDigest digest = sha256();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        digest.update((byte) 0);
      }
      digest.update(parts[i].getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
