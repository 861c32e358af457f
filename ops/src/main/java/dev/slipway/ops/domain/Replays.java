package dev.slipway.ops.domain;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.kafka.CloudEventSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a replay publishes for a record: the same key, value and headers under a new {@code ce_id},
 * with {@code ce_replayof} naming the id it re-publishes, {@code ce_replayedby} who asked, and
 * {@code ce_time} the time of the replay, so that downstream handles it as if it had just arrived
 * and a trace orders it where it happened. A dead letter is re-fed to the topic it came from as the
 * record it holds. A rerun ({@code --rerun}, webhooks only) also carries {@code ce_rerun}, the
 * rerun's id, and the task-compiler plans its tasks under run ids of their own.
 */
public final class Replays {

  public static final String ID = "ce_id";
  public static final String TIME = "ce_time";
  public static final String CORRELATION_ID = "ce_correlationid";
  public static final String REPLAY_OF = CloudEventSerde.REPLAY_OF_HEADER;
  public static final String REPLAYED_BY = "ce_replayedby";

  /**
   * The rerun a replayed webhook asks for: one id per {@code replay --rerun}, from which the
   * task-compiler derives the runs' new ids. Kept when a dead letter holding a rerun is re-fed, so
   * that the rerun it never got to still happens, under the same run ids.
   */
  public static final String RERUN = CloudEventSerde.RERUN_HEADER;

  private static final Set<String> REPLACED = Set.of(ID, TIME, REPLAY_OF, REPLAYED_BY);

  private Replays() {}

  /**
   * A record to publish.
   *
   * @param id its new {@code ce_id}
   * @param replayOf the id of the event it re-publishes
   */
  public record Replay(
      String topic,
      byte[] key,
      byte[] value,
      List<RecordCopy.Header> headers,
      String id,
      String replayOf) {}

  /** The replay of a record of any topic but the dead-letter topic. */
  public static Replay of(RecordCopy record, String newId, String user, Instant now) {
    String original = record.header(ID);
    return new Replay(
        record.topic(),
        record.key(),
        record.value(),
        replaced(record.headers(), newId, original, user, now),
        newId,
        original);
  }

  /**
   * The replay of a webhook as a rerun: what {@link #of(RecordCopy, String, String, Instant)}
   * publishes, with {@code ce_rerun} = {@code rerun}.
   */
  public static Replay rerunOf(
      RecordCopy record, String newId, String user, Instant now, String rerun) {
    Replay replay = of(record, newId, user, now);
    List<RecordCopy.Header> headers = new ArrayList<>(replay.headers());
    headers.removeIf(header -> header.key().equals(RERUN));
    headers.add(RecordCopy.Header.text(RERUN, rerun));
    return new Replay(
        replay.topic(), replay.key(), replay.value(), headers, replay.id(), replay.replayOf());
  }

  /**
   * The replay of a dead letter: the record it holds, back on its topic. When that record had no id
   * (it was not a CloudEvent at all), {@code ce_replayof} names the dead letter's own id.
   */
  public static Replay of(
      DeadLetter letter, String deadLetterId, String newId, String user, Instant now) {
    List<RecordCopy.Header> headers = new ArrayList<>();
    for (Map.Entry<String, String> header : letter.headers().entrySet()) {
      String value = header.getValue();
      headers.add(
          new RecordCopy.Header(
              header.getKey(), value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
    }
    String heldId = letter.headers().get(ID);
    String original = heldId != null ? heldId : deadLetterId;
    return new Replay(
        letter.topic(),
        letter.key(),
        letter.value(),
        replaced(headers, newId, original, user, now),
        newId,
        original);
  }

  private static List<RecordCopy.Header> replaced(
      List<RecordCopy.Header> headers, String newId, String original, String user, Instant now) {
    List<RecordCopy.Header> result = new ArrayList<>();
    for (RecordCopy.Header header : headers) {
      if (!REPLACED.contains(header.key())) {
        result.add(header);
      }
    }
    result.add(RecordCopy.Header.text(ID, newId));
    result.add(RecordCopy.Header.text(TIME, now.toString()));
    if (original != null) {
      result.add(RecordCopy.Header.text(REPLAY_OF, original));
    }
    result.add(RecordCopy.Header.text(REPLAYED_BY, user));
    return result;
  }
}
