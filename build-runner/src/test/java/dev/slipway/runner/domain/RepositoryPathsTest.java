package dev.slipway.runner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.ReleaseAdmitted;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RepositoryPathsTest {

  /** The distribution spec's repository name grammar: path components joined by {@code /}. */
  private static final Pattern REGISTRY_NAME =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*");

  private static final List<String> TRICKY =
      List.of(
          "a-b/c",
          "a/b-c",
          "a/b/c",
          "a-b-c/d",
          "a/b.c",
          "a/b-c_",
          "a/b_c",
          "a/b__c",
          "a/b--c",
          "a/b-_c",
          "a/.github",
          "a/-github",
          "a/github",
          "a/b.c.d",
          "a/b-c-d",
          "org/shop",
          "org/sh.op",
          "org/sh_op",
          "org/sh-op",
          "org/.",
          "org/..",
          "org/-",
          "org/x_00000000000000000000000000000000",
          "o/ü",
          "o/u",
          "o/");

  @Test
  void ownerAndNameStayApartSoTheirHyphensCannotMakeTwoRepositoriesOne() {
    assertThat(RepositoryPaths.of("a-b/c")).isEqualTo("a-b/c");
    assertThat(RepositoryPaths.of("a/b-c")).isEqualTo("a/b-c");
    assertThat(RepositoryPaths.of("Org/Shop"))
        .as("GitHub's names are case-insensitive")
        .isEqualTo("org/shop");
  }

  @Test
  void namesThatArePlainAfterASeparatorIsRemovedGetAHashedComponent() {
    assertThat(RepositoryPaths.of("org/my.repo")).matches("org/my-repo_[0-9a-f]{32}");
    assertThat(RepositoryPaths.of("org/.github")).matches("org/github_[0-9a-f]{32}");
  }

  @Test
  void aReleaseOfARepositoryWhoseNameIsNoImagePathGoesToAValidOne() {
    ReleaseAdmitted admitted =
        new ReleaseAdmitted(
            "release-1",
            "Org/.github",
            "v1",
            "0".repeat(40),
            "https://git.example/org/.github.git",
            1,
            "dc1",
            new BuildDefinition("Dockerfile", "."),
            null,
            null,
            null);

    String reference =
        ReleaseBuildRequest.of(admitted, ReleaseImages.byOwner("registry:5000")).reference();

    assertThat(reference).matches("registry:5000/org/github_[0-9a-f]{32}:v1");
  }

  @Test
  void trickyPairsMapToDifferentValidRepositoryNames() {
    Map<String, String> seen = new HashMap<>();
    for (String repository : TRICKY) {
      String path = RepositoryPaths.of(repository);
      assertThat(path).as(repository).matches(REGISTRY_NAME);
      assertThat(seen.put(path, repository))
          .as("%s and %s share %s", seen.get(path), repository, path)
          .isNull();
    }
  }
}
