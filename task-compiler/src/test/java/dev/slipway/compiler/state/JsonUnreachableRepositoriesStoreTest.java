package dev.slipway.compiler.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.slipway.compiler.domain.UnreachableRepositories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonUnreachableRepositoriesStoreTest {

  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path directory;

  @Test
  void aRestartedCompilerRemembersTheRepositoriesItGaveUpOnAndTheTriesSoFar() {
    UnreachableRepositories before = memory();
    before.failed("e1", "org/gone", "git fetch failed for org/gone: not found");
    before.failed("e1", "org/gone", "git fetch failed for org/gone: not found");
    before.failed("e2", "org/flaky", "git fetch failed for org/flaky: timeout");

    UnreachableRepositories after = memory();

    assertThat(after.givenUp())
        .containsExactly(
            entry(
                "org/gone",
                new UnreachableRepositories.Failure(
                    NOW, "git fetch failed for org/gone: not found")));
    assertThat(after.notWorthATry("org/gone"))
        .as("known unreachable: not tried before the next probe")
        .isPresent();
    assertThat(after.failed("e2", "org/flaky", "timeout"))
        .as("its second try, not its first")
        .isEqualTo(new UnreachableRepositories.Verdict(2, false));
  }

  @Test
  void anUnreadableFileIsAFreshStart() throws IOException {
    Files.writeString(
        directory.resolve(JsonUnreachableRepositoriesStore.FILE_NAME),
        "{\"givenUp\":{\"org/gone\":{\"at\":\"yesterday\"}}}");

    assertThat(memory().givenUp()).isEmpty();
  }

  private UnreachableRepositories memory() {
    return new UnreachableRepositories(
        CLOCK,
        2,
        Duration.ofMinutes(10),
        Duration.ofSeconds(30),
        new JsonUnreachableRepositoriesStore(directory));
  }
}
