package dev.slipway.compiler.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.compiler.domain.PlanningListener;
import dev.slipway.compiler.domain.SourceUnavailableException;
import dev.slipway.testsupport.git.FakeGitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A private repository over smart HTTP, read with its owner's token as GitHub takes one. */
class PrivateRepositoryTest {

  private static final String REPO = "acme/private";
  private static final String TOKEN = "ghs_first-token-0123456789";

  @TempDir Path temp;
  private LocalRepositories repositories;
  private FakeGitServer server;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private GitPipelineSource source;

  @BeforeEach
  void setUp() throws Exception {
    Path remote = Files.createDirectories(temp.resolve("remote"));
    repositories = new LocalRepositories(remote);
    server = FakeGitServer.serving(remote).requireToken("acme", TOKEN);
    source =
        new GitPipelineSource(
            server.urlTemplate(),
            temp.resolve("cache"),
            Duration.ofSeconds(30),
            PlanningListener.NONE,
            owner -> Optional.ofNullable(tokens.get(owner)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void isReadWithTheOwnersCurrentTokenWhichMayBeReplacedAtAnyTime() throws Exception {
    tokens.put("acme", TOKEN);
    String first = repositories.commit(REPO, Map.of(".slipway.yml", "first\n"));
    repositories.tag(REPO, "v1", first, true);

    assertThat(source.read(REPO, first)).contains("first\n");
    assertThat(source.resolveTag(REPO, "v1")).isEqualTo(first);

    server.requireToken("acme", "ghs_renewed-token-9876543210");
    tokens.put("acme", "ghs_renewed-token-9876543210");
    String second = repositories.commit(REPO, Map.of(".slipway.yml", "second\n"));

    assertThat(source.read(REPO, second)).contains("second\n");
    assertThat(server.requests())
        .as("every request that was answered presented the token")
        .filteredOn(FakeGitServer.Request::authorized)
        .isNotEmpty()
        .allSatisfy(request -> assertThat(request.repository()).isEqualTo(REPO));
  }

  @Test
  void aRefusedTokenFailsSayingWhichTokenWithoutShowingIt() throws Exception {
    tokens.put("acme", "ghs_wrong-token-5555555555");
    String sha = repositories.commit(REPO, Map.of(".slipway.yml", "x\n"));

    assertThatThrownBy(() -> source.read(REPO, sha))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageStartingWith(
            "git fetch failed for acme/private (with the git token of acme from the credentials"
                + " folder): ")
        .hasMessageContaining("not authorized")
        .satisfies(failure -> assertThat(allMessages(failure)).doesNotContain("ghs_"));
    assertThatThrownBy(() -> source.resolveTag(REPO, "v1"))
        .hasMessageStartingWith("git ls-remote failed for acme/private (with the git token of acme")
        .satisfies(failure -> assertThat(allMessages(failure)).doesNotContain("ghs_"));
  }

  @Test
  void withoutATokenItIsReadAnonymouslyAndRefused() throws Exception {
    String sha = repositories.commit(REPO, Map.of(".slipway.yml", "x\n"));

    assertThatThrownBy(() -> source.read(REPO, sha))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageStartingWith("git fetch failed for acme/private: ")
        .hasMessageNotContaining("token");
  }

  /** The failure's message and its causes', as a log line with its stack trace would show them. */
  private static String allMessages(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      messages.append(cause).append('\n');
    }
    return messages.toString();
  }
}
