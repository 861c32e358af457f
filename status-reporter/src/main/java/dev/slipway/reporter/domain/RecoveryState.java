package dev.slipway.reporter.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What recovery has handled: every delivery up to the check point (its time and id), and the guids
 * it asked GitHub to redeliver, with when, so none is asked for twice.
 *
 * @param checkpointAt null before the first pass
 */
public record RecoveryState(Instant checkpointAt, long checkpointId, Map<String, Instant> asked) {

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
    Map<String, Instant> more = new HashMap<>(asked);
    more.put(guid, at);
    return new RecoveryState(checkpointAt, checkpointId, more);
  }

  RecoveryState forgettingAskedBefore(Instant cutoff) {
    Map<String, Instant> kept = new HashMap<>(asked);
    kept.values().removeIf(at -> at.isBefore(cutoff));
    return new RecoveryState(checkpointAt, checkpointId, kept);
  }
}
