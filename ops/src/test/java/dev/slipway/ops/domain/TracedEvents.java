package dev.slipway.ops.domain;

import static dev.slipway.ops.SampleEvents.REPO;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.RunState;
import dev.slipway.ops.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One pull request's chain as a trace reads it: its webhook, the task "unit" planned from it as
 * event {@code t}, run-1's state changes and a dead letter of that task. Times count from {@link
 * #T0}.
 */
final class TracedEvents {

  static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
  static final String DELIVERY = "delivery-1";

  private TracedEvents() {}

  static TracedEvent event(
      String id, String cause, String topic, long offset, Duration after, Object data) {
    return new TracedEvent(
        id,
        cause,
        DELIVERY,
        null,
        null,
        "type",
        "/slipway/test",
        topic,
        0,
        offset,
        T0.plus(after),
        REPO,
        data);
  }

  /** The pull request's webhook, published as {@code id}. */
  static TracedEvent webhook(String id, long offset, Duration after) {
    return event(
        id, null, "slipway.webhook", offset, after, SampleEvents.pullRequestOpened(DELIVERY, REPO));
  }

  /** Run-1 of task "unit", planned as event {@code t} from the webhook {@code cause}. */
  static TracedEvent task(String cause, long offset, Duration after) {
    return event(
        "t", cause, "slipway.task-spec", offset, after, SampleEvents.task(REPO, "run-1", "unit"));
  }

  /** A state change of run-1, caused by its task {@code t}. */
  static TracedEvent runState(String id, long offset, Duration after, RunState from, RunState to) {
    return event(
        id,
        "t",
        "slipway.build-job",
        offset,
        after,
        SampleEvents.state(REPO, "run-1", "unit", from, to));
  }

  /** The dead letter {@code d} of the task {@code t}, read from slipway.task-spec. */
  static TracedEvent deadLetter(int partition, long offset, Duration after) {
    DeadLetter letter =
        new DeadLetter(
            "slipway.task-spec",
            partition,
            offset,
            "handler failed: boom",
            null,
            new byte[0],
            Map.of("ce_id", "t"));
    return event("d", null, "slipway.dead-letter", 0, after, letter);
  }
}
