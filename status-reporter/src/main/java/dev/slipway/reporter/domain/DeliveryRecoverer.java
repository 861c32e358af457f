package dev.slipway.reporter.domain;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recovery pass after another: lists the App hook's deliveries since the check point, asks
 * GitHub to redeliver what {@link DeliveryRecovery} picks and saves the state after each request, so
 * a restart neither skips a delivery nor asks for one twice. A redelivery is asked for before it is
 * saved: a crash in between asks for it once more, which the gateway's dedupe by delivery id makes
 * harmless, rather than losing it.
 */
public final class DeliveryRecoverer {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryRecoverer.class);

  /** Told about each outcome, for metrics. */
  public interface Listener {
    Listener NONE = new Listener() {};

    default void recovered(HookDelivery delivery) {}

    default void failed(HookDelivery delivery) {}

    default void unrecoverable(HookDelivery delivery) {}
  }

  /** What one pass did. */
  public record Outcome(int redelivered, int failed, int unrecoverable) {}

  private final HookDeliveryPort github;
  private final RecoveryStateStore store;
  private final DeliveryRecovery policy;
  private final Clock clock;
  private final Listener listener;
  private RecoveryState state;

  public DeliveryRecoverer(
      HookDeliveryPort github, RecoveryStateStore store, DeliveryRecovery policy, Clock clock, Listener listener) {
    this.github = github;
    this.store = store;
    this.policy = policy;
    this.clock = clock;
    this.listener = listener;
    this.state = store.load();
  }

  /**
   * One pass. Throws when GitHub cannot be read or is unavailable or rate-limits a request: what
   * was handled so far is saved, the rest is found again on the next pass.
   */
  public Outcome pass() throws GitHubWriteException {
    Instant now = clock.instant();
    DeliveryRecovery.Plan plan = policy.plan(github.deliveriesSince(policy.listFrom(state, now)), state, now);
    if (plan.missedSince() != null) {
      LOG.warn("webhook deliveries between {} and {} are past GitHub's retention: failed ones among them cannot be "
          + "recovered", plan.missedSince(), now.minus(DeliveryRecovery.RETENTION));
    }
    int redelivered = 0;
    int failed = 0;
    int unrecoverable = 0;
    try {
      for (DeliveryRecovery.Step step : plan.steps()) {
        HookDelivery delivery = step.delivery();
        switch (step.decision()) {
          case REDELIVER -> {
            // Taken before asking: GitHub may begin the redelivery before it answers.
            Instant askedAt = clock.instant();
            if (redeliver(delivery)) {
              redelivered++;
            } else {
              failed++;
            }
            state = state.askedFor(delivery.guid(), askedAt).handled(delivery);
            store.save(state);
          }
          case GIVE_UP -> {
            failed++;
            listener.failed(delivery);
            LOG.warn("webhook redelivery failed {} times, not asking again: {}", DeliveryRecovery.MAX_ASKS, delivery);
            state = state.handled(delivery);
          }
          case UNRECOVERABLE -> {
            unrecoverable++;
            listener.unrecoverable(delivery);
            LOG.warn("webhook delivery cannot be recovered, GitHub no longer keeps it: {}", delivery);
            state = state.handled(delivery);
          }
          case SKIP -> state = state.handled(delivery);
        }
      }
    } finally {
      state = state.forgettingAskedBefore(now.minus(DeliveryRecovery.RETENTION));
      store.save(state);
    }
    return new Outcome(redelivered, failed, unrecoverable);
  }

  /** False when GitHub refused this redelivery for good; rethrows what a later pass may get past. */
  private boolean redeliver(HookDelivery delivery) throws GitHubWriteException {
    try {
      github.redeliver(delivery);
      listener.recovered(delivery);
      LOG.info("webhook redelivery requested: event {}{}, repository {}, delivery id {}, failed with {} at {}",
          delivery.event(), delivery.action() == null ? "" : "." + delivery.action(), delivery.repositoryId(),
          delivery.guid(), delivery.statusCode(), delivery.deliveredAt());
      return true;
    } catch (GitHubWriteException e) {
      if (e.kind() != GitHubWriteException.Kind.REJECTED) {
        throw e;
      }
      listener.failed(delivery);
      LOG.warn("GitHub refused to redeliver {}, not asking again: {}", delivery, e.getMessage());
      return false;
    }
  }
}
