package dev.slipway.reporter.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which webhook deliveries to ask GitHub to redeliver: those past the check point that got
 * no 2xx and whose event did not get a 2xx in another attempt, oldest first and at most {@code
 * budget} per pass. An event already asked for is asked for again only when GitHub's redelivery
 * itself failed: for as long as GitHub keeps it while the endpoint was down (an outage of Slipway
 * must not cost its events), at most {@link #MAX_ASKS} times in all when it answered otherwise.
 * Deliveries older than GitHub keeps them are unrecoverable: counted, never asked for. GitHub's
 * redelivery of an event asked for that got a 2xx is the event recovered.
 */
public final class DeliveryRecovery {

  /** How long GitHub keeps a delivery and can redeliver it. */
  public static final Duration RETENTION = Duration.ofDays(3);

  /**
   * Listing starts this long before the check point: GitHub may list an attempt a little after
   * later ones (it records an attempt when the endpoint answered, up to 10 s after it began).
   * Deliveries seen twice are recognised by the guids already asked for.
   */
  static final Duration OVERLAP = Duration.ofMinutes(1);

  /**
   * Redelivery requests per event whose redelivery the endpoint answered, but not with a 2xx (e.g.
   * refused it): given up then, not asked for forever. Answers of an endpoint that was down do not
   * count.
   */
  public static final int MAX_ASKS = 3;

  /** What to do with one delivery past the check point. */
  public enum Decision {
    /** Ask GitHub to deliver it again. */
    REDELIVER,
    /** GitHub's redelivery of an event recovery asked for got a 2xx: the event is recovered. */
    RECOVERED,
    /** Failed too long ago for GitHub to redeliver. */
    UNRECOVERABLE,
    /**
     * Its redelivery was answered without a 2xx after {@link #MAX_ASKS} requests, the endpoint not
     * down.
     */
    GIVE_UP,
    /**
     * Nothing to do: it succeeded, its event succeeded in another attempt, or was asked for
     * already.
     */
    SKIP
  }

  /** One delivery and what to do with it; the check point moves past it once it is done. */
  public record Step(HookDelivery delivery, Decision decision) {}

  /**
   * The steps of one pass, oldest first; deliveries beyond the budget are not in it and stay past
   * the check point for the next pass.
   *
   * @param missedSince when the check point is older than GitHub keeps deliveries, the check point:
   *     failed deliveries between it and {@code now - RETENTION} can no longer be listed
   */
  public record Plan(List<Step> steps, Instant missedSince) {

    public List<HookDelivery> toRedeliver() {
      return steps.stream()
          .filter(step -> step.decision() == Decision.REDELIVER)
          .map(Step::delivery)
          .toList();
    }
  }

  private final int budget;

  /**
   * @param budget redelivery requests per pass at most
   */
  public DeliveryRecovery(int budget) {
    if (budget < 1) {
      throw new IllegalArgumentException(
          "the redelivery budget per pass must be at least 1, got " + budget);
    }
    this.budget = budget;
  }

  /**
   * Where listing starts: shortly before the check point, or as far back as GitHub keeps
   * deliveries.
   */
  public Instant listFrom(RecoveryState state, Instant now) {
    Instant oldestKept = now.minus(RETENTION);
    if (state.checkpointAt() == null) {
      return oldestKept;
    }
    Instant beforeCheckpoint = state.checkpointAt().minus(OVERLAP);
    return beforeCheckpoint.isBefore(oldestKept) ? oldestKept : beforeCheckpoint;
  }

  public Plan plan(List<HookDelivery> listed, RecoveryState state, Instant now) {
    Set<String> succeeded = new HashSet<>();
    listed.stream()
        .filter(HookDelivery::succeeded)
        .forEach(delivery -> succeeded.add(delivery.guid()));
    Set<String> decided = new HashSet<>(succeeded);
    Set<String> recovered = new HashSet<>();
    Instant oldestKept = now.minus(RETENTION);
    List<Step> steps = new ArrayList<>();
    int redeliveries = 0;
    for (HookDelivery delivery :
        listed.stream().filter(state::isPast).sorted(HookDelivery::chronologically).toList()) {
      RecoveryState.Asked asked = state.asked().get(delivery.guid());
      if (asked != null
          && delivery.succeeded()
          && isAnswerTo(asked, delivery)
          && recovered.add(delivery.guid())) {
        steps.add(new Step(delivery, Decision.RECOVERED));
      } else if (asked != null && !isAnswerTo(asked, delivery) || !decided.add(delivery.guid())) {
        steps.add(new Step(delivery, Decision.SKIP));
      } else if (asked != null && asked.times() >= MAX_ASKS && !delivery.endpointUnavailable()) {
        steps.add(new Step(delivery, Decision.GIVE_UP));
      } else if (delivery.deliveredAt().isBefore(oldestKept)) {
        steps.add(new Step(delivery, Decision.UNRECOVERABLE));
      } else if (redeliveries < budget) {
        redeliveries++;
        steps.add(new Step(delivery, Decision.REDELIVER));
      } else {
        break;
      }
    }
    Instant checkpoint = state.checkpointAt();
    return new Plan(
        List.copyOf(steps),
        checkpoint != null && checkpoint.isBefore(oldestKept) ? checkpoint : null);
  }

  /**
   * Whether {@code delivery} is GitHub's redelivery made for the request recovery sent last: a
   * redelivery begun at or after it (GitHub lists whole seconds). Earlier attempts, one a person
   * asked for on GitHub's page among them, were seen before that request.
   */
  private static boolean isAnswerTo(RecoveryState.Asked asked, HookDelivery delivery) {
    return delivery.redelivery()
        && !delivery.deliveredAt().isBefore(asked.at().truncatedTo(ChronoUnit.SECONDS));
  }
}
