package dev.slipway.gateway.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks GitHub's {@code X-Hub-Signature-256} (HMAC-SHA256 of the raw body) against every
 * configured secret, so a secret can be rotated by listing the new one next to the old one.
 */
public final class SignatureVerifier {

  private static final String ALGORITHM = "HmacSHA256";
  private static final String PREFIX = "sha256=";
  private static final int DIGEST_HEX_LENGTH = 64;

  private final List<SecretKeySpec> keys;

  public SignatureVerifier(List<String> secrets) {
    if (secrets.isEmpty() || secrets.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("at least one non-empty webhook secret is required");
    }
    this.keys =
        secrets.stream()
            .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM))
            .toList();
  }

  /** Whether {@code signatureHeader} is a valid signature of {@code body} by one of the secrets. */
  public boolean verifies(byte[] body, String signatureHeader) {
    byte[] claimed = decode(signatureHeader);
    if (claimed == null) {
      return false;
    }
    boolean verified = false;
    // Every key is tried, so the time taken does not tell which secret matched.
    for (SecretKeySpec key : keys) {
      verified |= MessageDigest.isEqual(hmac(key, body), claimed);
    }
    return verified;
  }

  /**
   * Whether {@code signatureHeader} has the form GitHub sends: {@code sha256=} and 64 hex digits.
   */
  public static boolean isWellFormed(String signatureHeader) {
    return decode(signatureHeader) != null;
  }

  /** The header GitHub would send for {@code body} signed with {@code secret}. */
  public static String sign(String secret, byte[] body) {
    byte[] digest =
        hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM), body);
    return PREFIX + HexFormat.of().formatHex(digest);
  }

  private static byte[] decode(String signatureHeader) {
    if (signatureHeader == null
        || !signatureHeader.startsWith(PREFIX)
        || signatureHeader.length() != PREFIX.length() + DIGEST_HEX_LENGTH) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(signatureHeader, PREFIX.length(), signatureHeader.length());
    } catch (IllegalArgumentException notHex) {
      return null;
    }
  }

  private static byte[] hmac(SecretKeySpec key, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
    }
  }
}
