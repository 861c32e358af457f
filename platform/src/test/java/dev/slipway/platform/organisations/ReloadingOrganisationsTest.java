package dev.slipway.platform.organisations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingOrganisationsTest {

  @TempDir Path folder;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

  @Test
  void aChangedFileOrSecretIsReadAtTheNextCheckAndABrokenOneKeepsThePrevious() throws Exception {
    Path file = folder.resolve("organisations.yaml");
    Path secret = folder.resolve("secret");
    write(secret, "first");
    write(file, "organisations: [{name: acme, webhook-secret-files: [secret]}]");
    ReloadingOrganisations organisations =
        new ReloadingOrganisations(file, Duration.ofSeconds(5), clock, true);

    write(
        file,
        """
        organisations:
          - {name: acme, webhook-secret-files: [secret]}
          - {name: widgets, webhook-secret-files: [secret]}
        """);
    assertThat(OrganisationsFileTest.names(organisations.get())).containsExactly("acme");
    clock.advance(Duration.ofSeconds(5));
    assertThat(OrganisationsFileTest.names(organisations.get())).containsExactly("acme", "widgets");

    write(secret, "second");
    clock.advance(Duration.ofSeconds(5));
    assertThat(organisations.get().of("acme").orElseThrow().webhookSecrets())
        .containsExactly("second");

    write(file, "organisations: [{name: acme}]");
    clock.advance(Duration.ofSeconds(5));
    assertThat(OrganisationsFileTest.names(organisations.get())).containsExactly("acme", "widgets");
    assertThat(organisations.problem()).contains("needs `webhook-secret-files`");

    write(file, "organisations: [{name: widgets, webhook-secret-files: [secret]}]");
    clock.advance(Duration.ofSeconds(5));
    assertThat(OrganisationsFileTest.names(organisations.get())).containsExactly("widgets");
    assertThat(organisations.problem()).isNull();
  }

  /** Writes and moves the modification time on, as a second edit within a second would not. */
  private void write(Path path, String content) throws Exception {
    FileTime before = Files.exists(path) ? Files.getLastModifiedTime(path) : FileTime.fromMillis(0);
    Files.writeString(path, content);
    Files.setLastModifiedTime(path, FileTime.fromMillis(before.toMillis() + 1_000_000));
  }
}
