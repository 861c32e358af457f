package dev.slipway.reporter.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What recovery has handled: every delivery up to the check point (its time and id), and the guids
 * it asked GitHub to redeliver, with when it last asked and how often, so a guid is asked for again
 * only when GitHub's redelivery itself failed.
 *
 * @param checkpointAt null before the first pass
 */
public record RecoveryState(Instant checkpointAt, long checkpointId, Map<String, Asked> asked) {

  /** When recovery last asked GitHub to redeliver an event, and how many times it has asked. */
  public record Asked(Instant at, int times) {}

  public static final RecoveryState NONE = new RecoveryState(null, 0, Map.of());

  public RecoveryState {
    asked = Map.copyOf(asked);
  }

  boolean isPast(HookDelivery delivery) {
    if (checkpointAt == null) {
      return true;
    }
    int byTime = delivery.deliveredAt().compareTo(checkpointAt);
    return byTime > 0 || byTime == 0 && delivery.id() > checkpointId;
  }

  RecoveryState handled(HookDelivery delivery) {
    return new RecoveryState(delivery.deliveredAt(), delivery.id(), asked);
  }

  RecoveryState askedFor(String guid, Instant at) {
    Map<String, Asked> more = new HashMap<>(asked);
    more.merge(guid, new Asked(at, 1), (before, now) -> new Asked(at, before.times() + 1));
    return new RecoveryState(checkpointAt, checkpointId, more);
  }

  RecoveryState forgettingAskedBefore(Instant cutoff) {
    Map<String, Asked> kept = new HashMap<>(asked);
    kept.values().removeIf(last -> last.at().isBefore(cutoff));
    return new RecoveryState(checkpointAt, checkpointId, kept);
  }
}
