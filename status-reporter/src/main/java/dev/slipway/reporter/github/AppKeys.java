package dev.slipway.reporter.github;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a GitHub App's private key from a PEM file: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what
 * GitHub hands out) or PKCS#8 ({@code BEGIN PRIVATE KEY}). The JDK reads only PKCS#8, so a PKCS#1
 * key is wrapped into a PKCS#8 structure here: a PKCS#8 key of RSA is the PKCS#1 key in an octet
 * string, after the algorithm's identifier.
 */
public final class AppKeys {

  private static final Pattern PEM =
      Pattern.compile(
          "-----BEGIN (RSA )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END (RSA )?PRIVATE KEY-----");

  /** DER of AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
  private static final byte[] RSA_ALGORITHM =
      HexFormat.of().parseHex("300d06092a864886f70d0101010500");

  /** DER of INTEGER 0, the PKCS#8 version. */
  private static final byte[] VERSION_0 = HexFormat.of().parseHex("020100");

  private AppKeys() {}

  /**
   * The key in {@code pemFile}.
   *
   * @throws IOException the file cannot be read or holds no RSA private key in either format; the
   *     message names the file but never its content
   */
  public static PrivateKey read(Path pemFile) throws IOException {
    Matcher pem = PEM.matcher(Files.readString(pemFile, StandardCharsets.US_ASCII));
    if (!pem.find()) {
      throw new IOException(
          pemFile + " holds no PEM private key (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)");
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(pem.group(2));
      byte[] pkcs8 = pem.group(1) == null ? der : pkcs8OfPkcs1(der);
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(pemFile + " holds no readable RSA private key: " + e.getMessage(), e);
    }
  }

  /** PrivateKeyInfo ::= SEQUENCE { version 0, algorithm rsaEncryption, OCTET STRING pkcs1 }. */
  private static byte[] pkcs8OfPkcs1(byte[] pkcs1) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes(VERSION_0);
    content.writeBytes(RSA_ALGORITHM);
    content.writeBytes(der(0x04, pkcs1));
    return der(0x30, content.toByteArray());
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
