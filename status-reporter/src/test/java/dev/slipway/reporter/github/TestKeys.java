package dev.slipway.reporter.github;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;

/** GitHub App keys made for a test, written as PEM in either format GitHub's keys come in. */
public final class TestKeys {

  private TestKeys() {}

  public static PrivateKey generate() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair().getPrivate();
  }

  /** {@code BEGIN PRIVATE KEY}: the JDK's own encoding. */
  public static Path pkcs8(PrivateKey key, Path file) throws IOException {
    return Files.writeString(file, pem("PRIVATE KEY", key.getEncoded()));
  }

  /**
   * {@code BEGIN RSA PRIVATE KEY}, as GitHub hands it out: the RSA key inside the PKCS#8 structure,
   * whose octet string follows a 4-byte sequence header, the version (3 bytes) and the algorithm
   * (15 bytes).
   */
  public static Path pkcs1(PrivateKey key, Path file) throws IOException {
    byte[] pkcs8 = key.getEncoded();
    if (pkcs8[22] != 0x04 || pkcs8[23] != (byte) 0x82) {
      throw new IllegalStateException("not the PKCS#8 layout of a 2048-bit RSA key");
    }
    byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    return Files.writeString(file, pem("RSA PRIVATE KEY", pkcs1));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
