package dev.slipway.ops.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.events.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplaysTest {

  private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");
  private static final byte[] KEY = "acme/widgets".getBytes(StandardCharsets.UTF_8);

  private static RecordCopy record(Instant timestamp, String repository, String delivery) {
    return new RecordCopy(
        "slipway.webhook",
        1,
        17,
        timestamp,
        repository.getBytes(StandardCharsets.UTF_8),
        "{}".getBytes(StandardCharsets.UTF_8),
        List.of(
            RecordCopy.Header.text("ce_id", "original"),
            RecordCopy.Header.text("ce_type", "dev.slipway.webhook.received"),
            RecordCopy.Header.text("ce_time", "2026-12-01T02:00:00Z"),
            RecordCopy.Header.text("ce_correlationid", delivery)));
  }

  @Test
  void aReplayKeepsKeyValueAndAttributesUnderANewIdNamingTheOriginalAndWhoAsked() {
    Replays.Replay replay = Replays.of(record(NOW, "acme/widgets", "d-1"), "new-id", "alice", NOW);

    assertThat(replay.topic()).isEqualTo("slipway.webhook");
    assertThat(replay.key()).isEqualTo(KEY);
    assertThat(replay.id()).isEqualTo("new-id");
    assertThat(replay.replayOf()).isEqualTo("original");
    assertThat(replay.headers())
        .extracting(RecordCopy.Header::key, RecordCopy.Header::text)
        .containsExactly(
            tuple("ce_type", "dev.slipway.webhook.received"),
            tuple("ce_correlationid", "d-1"),
            tuple("ce_id", "new-id"),
            tuple("ce_time", "2026-12-01T03:00:00Z"),
            tuple("ce_replayof", "original"),
            tuple("ce_replayedby", "alice"));
  }

  @Test
  void aDeadLetterIsReplayedAsTheRecordItHoldsToItsTopic() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ce_id", "held");
    headers.put("ce_correlationid", "d-1");
    DeadLetter letter =
        new DeadLetter(
            "slipway.task-spec",
            2,
            41,
            "handler failed",
            KEY,
            "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
            headers);

    Replays.Replay replay = Replays.of(letter, "dead-letter-id", "new-id", "alice", NOW);

    assertThat(replay.topic()).isEqualTo("slipway.task-spec");
    assertThat(replay.value()).isEqualTo(letter.value());
    assertThat(replay.replayOf()).isEqualTo("held");
  }

  @Test
  void aRerunIsAReplayThatAlsoNamesTheRerun() {
    RecordCopy webhook = record(NOW, "acme/widgets", "d-1");

    Replays.Replay rerun = Replays.rerunOf(webhook, "new-id", "alice", NOW, "rerun-1");

    List<String> plain =
        Replays.of(webhook, "new-id", "alice", NOW).headers().stream()
            .map(header -> header.key() + "=" + header.text())
            .toList();
    List<String> withRerun = new ArrayList<>(plain);
    withRerun.add("ce_rerun=rerun-1");
    assertThat(rerun.headers())
        .extracting(header -> header.key() + "=" + header.text())
        .containsExactlyElementsOf(withRerun);
    assertThat(rerun.id()).isEqualTo("new-id");
    assertThat(rerun.replayOf()).isEqualTo("original");
  }

  @Test
  void aReFedDeadLetterOfARerunIsStillThatRerun() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ce_id", "held");
    headers.put("ce_correlationid", "d-1");
    headers.put("ce_replayof", "original");
    headers.put("ce_rerun", "rerun-1");
    DeadLetter letter =
        new DeadLetter("slipway.webhook", 2, 41, "handler failed", KEY, new byte[] {1}, headers);

    Replays.Replay replay = Replays.of(letter, "dead-letter-id", "new-id", "alice", NOW);

    assertThat(replay.headers())
        .extracting(RecordCopy.Header::key, RecordCopy.Header::text)
        .contains(tuple("ce_rerun", "rerun-1"), tuple("ce_replayof", "held"));
  }

  @Test
  void aDeadLetterOfARecordWithoutIdIsReplayedAsTheDeadLetter() {
    DeadLetter letter =
        new DeadLetter("slipway.webhook", 0, 3, "unreadable", KEY, new byte[] {1}, Map.of());

    assertThat(Replays.of(letter, "dead-letter-id", "new-id", "alice", NOW).replayOf())
        .isEqualTo("dead-letter-id");
  }

  @Test
  void theSelectionTakesTheTimeWindowRepositoryAndDelivery() {
    Instant from = NOW.minusSeconds(600);
    ReplaySelection all = new ReplaySelection(from, NOW, null, null);
    ReplaySelection ofRepository = new ReplaySelection(from, NOW, "acme/widgets", null);
    ReplaySelection ofDelivery = new ReplaySelection(from, NOW, null, "d-1");

    assertThat(all.selects(record(from, "acme/widgets", "d-1"))).as("from is inclusive").isTrue();
    assertThat(all.selects(record(NOW, "acme/widgets", "d-1"))).as("to is exclusive").isFalse();
    assertThat(all.selects(record(from.minusMillis(1), "acme/widgets", "d-1"))).isFalse();
    assertThat(ofRepository.selects(record(from, "acme/gadgets", "d-1"))).isFalse();
    assertThat(ofRepository.selects(record(from, "acme/widgets", "d-2"))).isTrue();
    assertThat(ofDelivery.selects(record(from, "acme/gadgets", "d-2"))).isFalse();
    assertThat(ofDelivery.selects(record(from, "acme/gadgets", "d-1"))).isTrue();
    RecordCopy original = record(from, "acme/widgets", "d-1");
    Replays.Replay replay = Replays.of(original, "new-id", "alice", NOW);
    RecordCopy replayed =
        new RecordCopy(
            original.topic(), 1, 18, from, replay.key(), replay.value(), replay.headers());
    assertThat(all.selects(replayed)).as("a replay is not replayed again").isFalse();
  }

  @Test
  void anEmptyWindowIsRefused() {
    assertThatThrownBy(() -> new ReplaySelection(NOW, NOW, null, null))
        .hasMessageContaining("must be before");
  }
}
