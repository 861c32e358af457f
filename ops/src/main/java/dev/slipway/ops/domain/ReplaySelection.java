package dev.slipway.ops.domain;

import java.time.Instant;

/**
 * Which records of a topic a replay re-publishes: those whose Kafka timestamp is in {@code [from,
 * to)}, of the repository (the record key) and of the delivery ({@code ce_correlationid}) when
 * these are given. On {@code slipway.dead-letter} the key and the correlation id are those of the
 * record the dead letter holds, so the same filters apply. A record that is itself a replay is
 * never selected: replaying twice in a window would otherwise publish every earlier replay once
 * more beside its original.
 *
 * @param repository {@code owner/repo}, or null for all
 * @param delivery a GitHub delivery id, or null for all
 */
public record ReplaySelection(Instant from, Instant to, String repository, String delivery) {

  public ReplaySelection {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
    }
  }

  public boolean selects(RecordCopy record) {
    return !record.timestamp().isBefore(from)
        && record.timestamp().isBefore(to)
        && (repository == null || repository.equals(record.keyText()))
        && (delivery == null || delivery.equals(record.header(Replays.CORRELATION_ID)))
        && record.header(Replays.REPLAY_OF) == null;
  }
}
