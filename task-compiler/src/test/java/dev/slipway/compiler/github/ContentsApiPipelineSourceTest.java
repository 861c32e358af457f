package dev.slipway.compiler.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.compiler.domain.PipelineException;
import dev.slipway.compiler.domain.PipelineFile;
import dev.slipway.compiler.domain.PlanningListener;
import dev.slipway.compiler.domain.SourceUnavailableException;
import dev.slipway.compiler.git.GitPipelineSource;
import dev.slipway.compiler.git.LocalRepositories;
import dev.slipway.testsupport.MutableClock;
import dev.slipway.testsupport.github.FakeGitHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads through the fake GitHub's contents API, which serves real bare repositories made by the git
 * CLI; the same cases as {@code GitPipelineSourceTest}, so both sources answer alike.
 */
class ContentsApiPipelineSourceTest {

  private static final String REPO = "org/shop";

  @TempDir Path temp;
  private LocalRepositories repositories;
  private FakeGitHub github;
  private GitPipelineSource git;
  private final List<Duration> reads = new CopyOnWriteArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));

  @BeforeEach
  void setUp() throws Exception {
    Path remote = Files.createDirectories(temp.resolve("remote"));
    repositories = new LocalRepositories(remote);
    github = FakeGitHub.start().serveContents(remote);
    git =
        new GitPipelineSource(
            repositories.urlTemplate(), temp.resolve("cache"), Duration.ofSeconds(30));
  }

  @AfterEach
  void tearDown() {
    git.close();
    github.close();
  }

  private ContentsApiPipelineSource source(Optional<String> token) {
    return new ContentsApiPipelineSource(
        github.url(),
        Duration.ofSeconds(10),
        new PlanningListener() {
          @Override
          public void fetched(Duration took) {
            reads.add(took);
          }
        },
        owner -> token,
        git,
        clock);
  }

  @Test
  void readsTheFileAtEachCommitInOneRequestWithTheOwnersToken() throws Exception {
    String first = repositories.commit(REPO, Map.of(".slipway.yml", "tasks: {a: {cmds: [x]}}\n"));
    String second = repositories.commit(REPO, Map.of(".slipway.yml", "tasks: {b: {cmds: [y]}}\n"));
    ContentsApiPipelineSource source = source(Optional.of("ghs_owner"));

    assertThat(source.read(REPO, first)).contains("tasks: {a: {cmds: [x]}}\n");
    assertThat(source.read(REPO, second)).contains("tasks: {b: {cmds: [y]}}\n");

    assertThat(github.requests())
        .extracting(FakeGitHub.Request::path, FakeGitHub.Request::authorization)
        .containsExactly(
            tuple("/repos/org/shop/contents/.slipway.yml", "Bearer ghs_owner"),
            tuple("/repos/org/shop/contents/.slipway.yml", "Bearer ghs_owner"));
    assertThat(reads).hasSize(2);
  }

  @Test
  void aCommitWithoutTheFileHasNone() throws Exception {
    String sha = repositories.commit(REPO, Map.of("README.md", "hello\n"));

    assertThat(source(Optional.empty()).read(REPO, sha)).isEqualTo(Optional.empty());
  }

  @Test
  void anUnknownCommitIsTheUsersError() throws Exception {
    repositories.commit(REPO, Map.of(".slipway.yml", "x\n"));

    assertThatThrownBy(() -> source(Optional.empty()).read(REPO, "f".repeat(40)))
        .isInstanceOf(PipelineException.class)
        .hasMessage("commit " + "f".repeat(40) + " is not in org/shop");
  }

  @Test
  void aRepositoryGitHubDoesNotShowIsReadByGitNotPlannedAsOneWithoutAPipeline() throws Exception {
    String sha = repositories.commit("org/hidden", Map.of(".slipway.yml", "x\n"));
    Files.move(temp.resolve("remote/org/hidden.git"), temp.resolve("remote/org/shown-to-git.git"));
    ContentsApiPipelineSource source =
        new ContentsApiPipelineSource(
            github.url(),
            Duration.ofSeconds(10),
            PlanningListener.NONE,
            owner -> Optional.empty(),
            new GitPipelineSource(
                repositories.urlTemplate().replace("{repo}", "shown-to-git"),
                temp.resolve("cache"),
                Duration.ofSeconds(30)),
            clock);

    assertThat(source.read("org/hidden", sha)).contains("x\n");
    assertThat(github.requests())
        .extracting(FakeGitHub.Request::path, FakeGitHub.Request::status)
        .containsExactly(
            tuple("/repos/org/hidden/contents/.slipway.yml", 404), tuple("/repos/org/hidden", 404));
  }

  @Test
  void aRepositoryNeitherShowsIsRetryable() {
    assertThatThrownBy(() -> source(Optional.empty()).read("org/missing", "f".repeat(40)))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("git fetch failed for org/missing");
  }

  @Test
  void aRefusedTokenFallsBackToGit() throws Exception {
    String sha = repositories.commit(REPO, Map.of(".slipway.yml", "x\n"));
    github.refuseToken("ghs_old");

    assertThat(source(Optional.of("ghs_old")).read(REPO, sha)).contains("x\n");
    assertThat(github.requests()).extracting(FakeGitHub.Request::status).containsExactly(401);
  }

  @Test
  void aSpentRateLimitRestsTheApiUntilGitHubsTimeAndGitReadsMeanwhile() throws Exception {
    String first = repositories.commit(REPO, Map.of(".slipway.yml", "a\n"));
    String second = repositories.commit(REPO, Map.of(".slipway.yml", "b\n"));
    String third = repositories.commit(REPO, Map.of(".slipway.yml", "c\n"));
    github.rateLimitReads(Duration.ofSeconds(90), 1);
    ContentsApiPipelineSource source = source(Optional.of("ghs_owner"));

    assertThat(source.read(REPO, first)).contains("a\n");
    clock.advance(Duration.ofSeconds(89));
    assertThat(source.read(REPO, second)).contains("b\n");
    assertThat(github.requests()).extracting(FakeGitHub.Request::status).containsExactly(403);

    clock.advance(Duration.ofSeconds(1));
    assertThat(source.read(REPO, third)).contains("c\n");
    assertThat(github.requests()).extracting(FakeGitHub.Request::status).containsExactly(403, 200);
  }

  @Test
  void aGitHubThatIsDownFallsBackToGit() throws Exception {
    String sha = repositories.commit(REPO, Map.of(".slipway.yml", "x\n"));
    ContentsApiPipelineSource source = source(Optional.empty());
    github.close();

    assertThat(source.read(REPO, sha)).contains("x\n");
  }

  @Test
  void aDirectoryIsNotAPipeline() throws Exception {
    String sha = repositories.commit(REPO, Map.of(".slipway.yml/tasks.yml", "x\n"));

    assertThatThrownBy(() -> source(Optional.empty()).read(REPO, sha))
        .isInstanceOf(PipelineException.class)
        .hasMessage(".slipway.yml must be a regular file, not a link or a directory");
  }

  @Test
  void aFileOverOneMegabyteComesRawAndOneOverTheLimitIsRefused() throws Exception {
    String large = "# " + "x".repeat(1_100_000) + "\ntasks: {a: {cmds: [x]}}\n";
    String sha = repositories.commit(REPO, Map.of(".slipway.yml", large));

    assertThat(source(Optional.empty()).read(REPO, sha)).contains(large);
    assertThat(github.requests())
        .as("the object without the content, then the raw file")
        .hasSize(2);

    String tooLarge =
        repositories.commit(
            REPO, Map.of(".slipway.yml", "#".repeat((int) PipelineFile.MAX_BYTES + 1)));
    assertThatThrownBy(() -> source(Optional.empty()).read(REPO, tooLarge))
        .isInstanceOf(PipelineException.class)
        .hasMessage(".slipway.yml is 4194305 bytes; at most 4194304 are read");
  }

  @Test
  void tagsAndTheCloneUrlStayWithGit() throws Exception {
    String sha = repositories.commit(REPO, Map.of(".slipway.yml", "x\n"));
    repositories.tag(REPO, "v1.0.0", sha, true);
    ContentsApiPipelineSource source = source(Optional.empty());

    assertThat(source.resolveTag(REPO, "v1.0.0")).isEqualTo(sha);
    assertThat(source.cloneUrl(REPO)).isEqualTo(git.cloneUrl(REPO));
    assertThat(github.requests()).isEmpty();
  }
}
