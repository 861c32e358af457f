package dev.slipway.runner.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSecretsTest {

  @TempDir Path folder;

  @Test
  void theRepositorysOwnSecretWinsOverItsOrganisations() throws IOException {
    write("org/deploy-key", "of the organisation\n");
    write("org/shop/deploy-key", "of the shop\n");
    FolderSecrets secrets = new FolderSecrets(folder);

    assertThat(secrets.value("org/shop", "deploy-key")).contains("of the shop");
    assertThat(secrets.value("org/cart", "deploy-key")).contains("of the organisation");
  }

  @Test
  void oneTrailingLineBreakIsDroppedAndTheRestKept() throws IOException {
    write("org/pem", "-----BEGIN-----\nabc\n-----END-----\n");
    write("org/windows", "value\r\n");
    write("org/spaced", "  value  ");
    FolderSecrets secrets = new FolderSecrets(folder);

    assertThat(secrets.value("org/shop", "pem")).contains("-----BEGIN-----\nabc\n-----END-----");
    assertThat(secrets.value("org/shop", "windows")).contains("value");
    assertThat(secrets.value("org/shop", "spaced")).contains("  value  ");
  }

  @Test
  void ownerAndRepositoryAreFoundWhateverTheirCase() throws IOException {
    write("org/shop/token", "t");
    FolderSecrets secrets = new FolderSecrets(folder);

    assertThat(secrets.value("Org/Shop", "token")).contains("t");
  }

  @Test
  void aSecretThatIsNotThereIsEmpty() {
    assertThat(new FolderSecrets(folder).value("org/shop", "token")).isEmpty();
    assertThat(new FolderSecrets(folder.resolve("missing")).value("org/shop", "token")).isEmpty();
  }

  @Test
  void namesThatCouldLeaveTheFolderNameNoSecret() throws IOException {
    write("org/token", "of org");
    write("outside", "not a secret");
    Files.createDirectories(folder.resolve("org/shop/folder"));
    FolderSecrets secrets = new FolderSecrets(folder.resolve("org"));

    assertThat(secrets.value("org/shop", "../outside")).isEmpty();
    assertThat(secrets.value("../org/shop", "token")).isEmpty();
    assertThat(secrets.value("org/..", "token")).isEmpty();
    assertThat(new FolderSecrets(folder).value("org/shop", "folder")).isEmpty();
    assertThat(new FolderSecrets(folder).value("shop", "token")).isEmpty();
  }

  private void write(String path, String content) throws IOException {
    Path file = folder.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
