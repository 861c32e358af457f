package dev.slipway.reporter.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppKeysTest {

  @TempDir Path dir;

  @Test
  void aPkcs1KeyAsGitHubHandsItOutIsReadAsTheSameKey() throws Exception {
    PrivateKey key = TestKeys.generate();
    Path pem = TestKeys.pkcs1(key, dir.resolve("app.pem"));
    assertThat(Files.readString(pem)).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");

    PrivateKey read = AppKeys.read(pem);

    assertThat(read.getAlgorithm()).isEqualTo("RSA");
    assertThat(read.getEncoded()).isEqualTo(key.getEncoded());
  }

  @Test
  void aPkcs8KeyIsReadAsTheSameKey() throws Exception {
    PrivateKey key = TestKeys.generate();
    Path pem = TestKeys.pkcs8(key, dir.resolve("app.pem"));
    assertThat(Files.readString(pem)).startsWith("-----BEGIN PRIVATE KEY-----\n");

    assertThat(AppKeys.read(pem).getEncoded()).isEqualTo(key.getEncoded());
  }

  @Test
  void aFileWithoutAKeyIsRefusedWithoutShowingItsContent() throws Exception {
    Path notAKey = Files.writeString(dir.resolve("token.pem"), "ghp_secretvalue\n");
    Path brokenKey =
        Files.writeString(
            dir.resolve("broken.pem"),
            "-----BEGIN RSA PRIVATE KEY-----\nAAAAc2VjcmV0\n-----END RSA PRIVATE KEY-----\n");

    IOException none = catchThrowableOfType(IOException.class, () -> AppKeys.read(notAKey));
    IOException broken = catchThrowableOfType(IOException.class, () -> AppKeys.read(brokenKey));

    assertThat(none).hasMessageContaining("token.pem holds no PEM private key");
    assertThat(none.getMessage()).doesNotContain("ghp_secretvalue");
    assertThat(broken).hasMessageContaining("broken.pem holds no readable RSA private key");
    assertThat(broken.getMessage()).doesNotContain("AAAAc2VjcmV0");
  }
}
