package dev.slipway.compiler.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.compiler.domain.PipelineException;
import dev.slipway.compiler.domain.PlanningListener;
import dev.slipway.compiler.domain.SourceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads from real bare repositories over {@code file://}, made by the real git CLI. */
class GitPipelineSourceTest {

  private static final String REPO = "org/shop";

  @TempDir Path temp;
  private LocalRepositories repositories;
  private GitPipelineSource source;

  @BeforeEach
  void setUp() throws Exception {
    repositories = new LocalRepositories(Files.createDirectories(temp.resolve("remote")));
    source =
        new GitPipelineSource(
            repositories.urlTemplate(), temp.resolve("cache"), Duration.ofSeconds(30));
  }

  @Test
  void readsTheFileAtEachCommitNotAtTheBranchHead() throws Exception {
    String first = repositories.commit(REPO, Map.of(".slipway.yml", "first\n"));
    String second = repositories.commit(REPO, Map.of(".slipway.yml", "second\n"));

    assertThat(source.read(REPO, first)).contains("first\n");
    assertThat(source.read(REPO, second)).contains("second\n");
    assertThat(source.read(REPO, first)).as("from the cache").contains("first\n");
  }

  @Test
  void eachFetchOfACommitIsTimedAndACachedCommitIsNotFetched() throws Exception {
    List<Duration> fetches = new ArrayList<>();
    GitPipelineSource timed =
        new GitPipelineSource(
            repositories.urlTemplate(),
            temp.resolve("timed-cache"),
            Duration.ofSeconds(30),
            new PlanningListener() {
              @Override
              public void fetched(Duration took) {
                fetches.add(took);
              }
            },
            owner -> Optional.empty());
    String sha = repositories.commit(REPO, Map.of(".slipway.yml", "x\n"));

    timed.read(REPO, sha);
    timed.read(REPO, sha);
    assertThatThrownBy(() -> timed.read("org/missing", sha))
        .isInstanceOf(SourceUnavailableException.class);

    assertThat(fetches).as("the commit once, the failed fetch once").hasSize(2);
    assertThat(fetches).allSatisfy(took -> assertThat(took).isPositive());
  }

  @Test
  void aCacheWithTooManyPacksStartsAfreshAndStillReads() throws Exception {
    GitPipelineSource smallCache =
        new GitPipelineSource(
            repositories.urlTemplate(),
            temp.resolve("small-cache"),
            Duration.ofSeconds(30),
            2,
            PlanningListener.NONE,
            owner -> Optional.empty());
    for (int i = 0; i < 5; i++) {
      String sha = repositories.commit(REPO, Map.of(".slipway.yml", "round " + i + "\n"));

      assertThat(smallCache.read(REPO, sha)).contains("round " + i + "\n");
      try (var packs =
          Files.list(temp.resolve("small-cache/repositories/org/shop.git/objects/pack"))) {
        assertThat(packs.filter(file -> file.toString().endsWith(".pack")).count())
            .isLessThanOrEqualTo(2);
      }
    }
    smallCache.close();
  }

  @Test
  void aCommitWithoutTheFileHasNone() throws Exception {
    String sha = repositories.commit(REPO, Map.of("README.md", "hello\n"));

    assertThat(source.read(REPO, sha)).isEqualTo(Optional.empty());
  }

  @Test
  void anUnknownCommitIsTheUsersError() throws Exception {
    repositories.commit(REPO, Map.of(".slipway.yml", "x\n"));

    assertThatThrownBy(() -> source.read(REPO, "f".repeat(40)))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("commit ffff")
        .hasMessageContaining("is not in org/shop");
  }

  @Test
  void anUnreachableRepositoryIsRetryable() {
    assertThatThrownBy(() -> source.read("org/missing", "f".repeat(40)))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("git fetch failed for org/missing");
  }

  @Test
  void aFileThatIsNotUtf8IsRejectedWithItsLine() throws Exception {
    String sha =
        repositories.commitBytes(
            REPO,
            Map.of(
                ".slipway.yml",
                "image: alpine\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1)));

    assertThatThrownBy(() -> source.read(REPO, sha))
        .isInstanceOf(PipelineException.class)
        .hasMessage("line 2: .slipway.yml is not UTF-8 text");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void resolvesATagToItsCommit(boolean annotated) throws Exception {
    String tagged = repositories.commit(REPO, Map.of(".slipway.yml", "tagged\n"));
    repositories.commit(REPO, Map.of(".slipway.yml", "later\n"));
    repositories.tag(REPO, "v1.0.0", tagged, annotated);

    assertThat(source.resolveTag(REPO, "v1.0.0")).isEqualTo(tagged);
    assertThat(source.read(REPO, tagged)).contains("tagged\n");
  }

  @Test
  void aMissingTagIsTheUsersError() throws Exception {
    repositories.commit(REPO, Map.of(".slipway.yml", "x\n"));

    assertThatThrownBy(() -> source.resolveTag(REPO, "v9"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("tag v9 does not exist in org/shop");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--upload-pack=touch pwned",
        "$(touch pwned)",
        "a b",
        "v1..2",
        "-v1",
        "v1\nv2",
        "x;y:z"
      })
  void refusesTagNamesGitWouldNotAccept(String tag) {
    assertThatThrownBy(() -> source.resolveTag(REPO, tag))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("is not a valid tag name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../etc", "org/../../x", "org", "org/shop/extra", "-org/shop", "org/.."})
  void refusesRepositoryNamesThatAreNotOwnerSlashRepo(String repository) {
    assertThatThrownBy(() -> source.read(repository, "f".repeat(40)))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("is not a repository name");
  }

  @Test
  void refusesTextThatIsNotASha() {
    assertThatThrownBy(() -> source.read(REPO, "--output=/tmp/x"))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("is not a commit sha");
  }
}
