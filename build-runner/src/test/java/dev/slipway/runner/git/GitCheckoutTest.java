package dev.slipway.runner.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.platform.organisations.CredentialsFolder;
import dev.slipway.runner.podman.TestRepository;
import dev.slipway.testsupport.git.FakeGitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clone step against a git server over smart HTTP whose repository is private. */
class GitCheckoutTest {

  private static final String TOKEN = "ghs_private-token-1234";

  @TempDir Path folder;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private TestRepository repository;
  private FakeGitServer server;

  @BeforeEach
  void servePrivately() throws Exception {
    repository = TestRepository.create("README", "private\n");
    repository.serveAs(folder.resolve("git"), "Org/shop");
    server = FakeGitServer.serving(folder.resolve("git")).requireToken("Org", TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aPrivateRepositoryIsClonedWithItsOwnersToken() throws Exception {
    CredentialsFolder credentials = new CredentialsFolder(folder.resolve("credentials"));
    credentials.write("Org", TOKEN);
    Path workspace = folder.resolve("workspace");

    checkout(credentials, workspace);

    assertThat(workspace.resolve("README")).hasContent("private");
    assertThat(server.requests()).anyMatch(FakeGitServer.Request::authorized);
    assertThat(String.join("\n", log)).doesNotContain(TOKEN);
  }

  @Test
  void withoutATokenTheCloneFailsAndSaysSoWithoutOne() throws Exception {
    Path workspace = folder.resolve("workspace");

    assertThatThrownBy(() -> checkout(new CredentialsFolder(folder.resolve("none")), workspace))
        .isInstanceOf(GitCheckout.CheckoutFailedException.class)
        .hasMessageStartingWith("git: ")
        .hasMessageContaining(server.cloneUrl("Org/shop"))
        .hasMessageNotContaining(TOKEN);
    assertThat(server.requests()).noneMatch(FakeGitServer.Request::authorized);
    assertThat(Files.exists(workspace.resolve("README"))).isFalse();
  }

  @Test
  void aWrongTokenIsNeitherAcceptedNorShown() throws Exception {
    CredentialsFolder credentials = new CredentialsFolder(folder.resolve("credentials"));
    credentials.write("Org", "ghs_expired-token-9876");

    assertThatThrownBy(() -> checkout(credentials, folder.resolve("workspace")))
        .isInstanceOf(GitCheckout.CheckoutFailedException.class)
        .hasMessageNotContaining("ghs_expired-token-9876")
        .hasMessageNotContaining(TOKEN);
    assertThat(String.join("\n", log)).doesNotContain("ghs_expired-token-9876");
  }

  private void checkout(CredentialsFolder credentials, Path workspace)
      throws GitCheckout.CheckoutFailedException {
    new GitCheckout(Optional.of(credentials))
        .checkout(
            "Org/shop",
            server.cloneUrl("Org/shop"),
            repository.sha(),
            workspace,
            Duration.ofSeconds(30),
            log::add);
  }
}
