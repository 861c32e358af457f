package dev.slipway.ops.domain;

import dev.slipway.events.DeadLetter;
import java.time.Instant;

/**
 * One Slipway event as it sits on a topic: its CloudEvents attributes, where it is, and its data.
 *
 * @param id {@code ce_id}
 * @param causationId {@code ce_causationid}, null for the first event of a chain
 * @param correlationId {@code ce_correlationid}: the GitHub delivery that started the chain
 * @param replayOf {@code ce_replayof}: the id of the event this one re-publishes, null when it is
 *     no replay
 * @param rerun {@code ce_rerun}: the rerun a replayed webhook asks for, null when it asks for none
 * @param type the CloudEvents type, e.g. {@code dev.slipway.task.planned}
 * @param source {@code ce_source}: the service that published it, e.g. {@code
 *     /slipway/build-runner}
 * @param repository {@code ce_subject}, the record key
 * @param data the decoded event (a record of {@code dev.slipway.events}), or an {@link Unreadable}
 */
public record TracedEvent(
    String id,
    String causationId,
    String correlationId,
    String replayOf,
    String rerun,
    String type,
    String source,
    String topic,
    int partition,
    long offset,
    Instant time,
    String repository,
    Object data) {

  /**
   * The event this one follows from. A dead letter is published without a causation id; it follows
   * from the record it holds, whose id is among that record's headers.
   */
  public String causeId() {
    if (causationId == null && data instanceof DeadLetter letter) {
      return letter.headers().get("ce_id");
    }
    return causationId;
  }

  /**
   * The event's class name, e.g. {@code TaskPlanned}; for an unreadable record its CloudEvents
   * type.
   */
  public String name() {
    return data instanceof Unreadable || data == null ? type : data.getClass().getSimpleName();
  }

  /** {@code topic/partition@offset}. */
  public String position() {
    return topic + "/" + partition + "@" + offset;
  }
}
