package dev.slipway.platform.organisations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFolderTest {

  @TempDir Path folder;

  @Test
  void aTokenIsReplacedWholeAndReadableByItsOwnerOnly() throws Exception {
    CredentialsFolder credentials = new CredentialsFolder(folder.resolve("credentials"));
    assertThat(credentials.token("acme")).isEmpty();

    credentials.write("acme", "ghs_first");
    credentials.write("Acme", "ghs_second");

    assertThat(credentials.token("ACME")).contains("ghs_second");
    Path file = folder.resolve("credentials/acme.token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(folder.resolve("credentials"))) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void anOwnerCannotNameAPath() {
    CredentialsFolder credentials = new CredentialsFolder(folder);
    assertThat(credentials.token("../etc/passwd")).isEmpty();
    assertThatThrownBy(() -> credentials.write("../x", "t"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
