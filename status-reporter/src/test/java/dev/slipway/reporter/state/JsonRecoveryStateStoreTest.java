package dev.slipway.reporter.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.reporter.domain.RecoveryState;
import dev.slipway.reporter.domain.WatchedHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonRecoveryStateStoreTest {

  @TempDir Path directory;

  @Test
  void nothingSavedReadsAsNoState() {
    assertThat(new JsonRecoveryStateStore(directory.resolve("fresh"), WatchedHook.APP).load())
        .isEqualTo(RecoveryState.NONE);
  }

  @Test
  void theLastSavedStateIsWhatANewStoreReads() throws Exception {
    Instant at = Instant.parse("2026-11-30T12:00:00Z");
    JsonRecoveryStateStore store = new JsonRecoveryStateStore(directory, WatchedHook.APP);
    store.save(
        new RecoveryState(at, 41, Map.of("old", new RecoveryState.Asked(at.minusSeconds(60), 1))));
    RecoveryState last =
        new RecoveryState(
            at.plusSeconds(5),
            42,
            Map.of(
                "a",
                new RecoveryState.Asked(at, 2),
                "b",
                new RecoveryState.Asked(at.plusSeconds(1), 1)));
    store.save(last);

    assertThat(new JsonRecoveryStateStore(directory, WatchedHook.APP).load()).isEqualTo(last);
    try (var files = Files.list(directory)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactly("delivery-recovery.json");
    }
  }
}
