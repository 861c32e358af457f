package dev.slipway.reporter.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recovery pass after another for one hook: lists its deliveries since the check point, asks
 * GitHub to redeliver what {@link DeliveryRecovery} picks and saves the state after each request,
 * so a restart neither skips a delivery nor asks for one twice. A redelivery is asked for before it
 * is saved: a crash in between asks for it once more, which the gateway's dedupe by delivery id
 * makes harmless, rather than losing it. Every page read and every redelivery request is taken from
 * the reporter's {@link RequestBudget}; when it is spent the pass ends early and the rest waits,
 * past the check point, for the next pass.
 */
public final class DeliveryRecoverer {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryRecoverer.class);

  /** Told about each outcome, for metrics. */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** GitHub accepted a redelivery request. */
    default void requested(HookDelivery delivery) {}

    /** GitHub's redelivery, {@code delivery}, got a 2xx. */
    default void recovered(HookDelivery delivery) {}

    default void failed(HookDelivery delivery) {}

    default void unrecoverable(HookDelivery delivery) {}
  }

  /**
   * What one pass did.
   *
   * @param redelivered redelivery requests GitHub accepted
   * @param recovered events whose redelivery, asked for in an earlier pass, got a 2xx
   * @param paced the request budget ran out before the pass was done: the rest follows in later
   *     passes
   */
  public record Outcome(
      int redelivered, int recovered, int failed, int unrecoverable, boolean paced) {

    public Outcome(int redelivered, int recovered, int failed, int unrecoverable) {
      this(redelivered, recovered, failed, unrecoverable, false);
    }
  }

  private final WatchedHook hook;
  private final HookDeliveryPort github;
  private final RecoveryStateStore store;
  private final DeliveryRecovery policy;
  private final RequestBudget budget;
  private final Clock clock;
  private final Listener listener;
  private RecoveryState state;

  public DeliveryRecoverer(
      WatchedHook hook,
      HookDeliveryPort github,
      RecoveryStateStore store,
      DeliveryRecovery policy,
      RequestBudget budget,
      Clock clock,
      Listener listener) {
    this.hook = hook;
    this.github = github;
    this.store = store;
    this.policy = policy;
    this.budget = budget;
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
    List<HookDelivery> listed = deliveriesSince(policy.listFrom(state, now));
    if (listed == null) {
      return new Outcome(0, 0, 0, 0, true);
    }
    DeliveryRecovery.Plan plan = policy.plan(listed, state, now);
    if (plan.missedSince() != null) {
      LOG.warn(
          "webhook deliveries of {} between {} and {} are past GitHub's retention: failed ones among them "
              + "cannot be recovered",
          hook,
          plan.missedSince(),
          now.minus(DeliveryRecovery.RETENTION));
    }
    int redelivered = 0;
    int recovered = 0;
    int failed = 0;
    int unrecoverable = 0;
    boolean paced = false;
    try {
      for (DeliveryRecovery.Step step : plan.steps()) {
        HookDelivery delivery = step.delivery();
        if (step.decision() == DeliveryRecovery.Decision.REDELIVER && !budget.tryTake()) {
          paced = true;
          LOG.info(
              "webhook delivery recovery of {} paced: the GitHub request budget is spent, the rest from {} follows "
                  + "in the next pass",
              hook,
              delivery.deliveredAt());
          break;
        }
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
          case RECOVERED -> {
            recovered++;
            listener.recovered(delivery);
            logDelivery("webhook delivery recovered", "answered", delivery);
            state = state.handled(delivery);
          }
          case GIVE_UP -> {
            failed++;
            listener.failed(delivery);
            LOG.warn(
                "webhook redelivery failed {} times, not asking again: {} of {}",
                DeliveryRecovery.MAX_ASKS,
                delivery,
                hook);
            state = state.handled(delivery);
          }
          case UNRECOVERABLE -> {
            unrecoverable++;
            listener.unrecoverable(delivery);
            LOG.warn(
                "webhook delivery cannot be recovered, GitHub no longer keeps it: {} of {}",
                delivery,
                hook);
            state = state.handled(delivery);
          }
          case SKIP -> state = state.handled(delivery);
        }
      }
    } finally {
      state = state.forgettingAskedBefore(now.minus(DeliveryRecovery.RETENTION));
      store.save(state);
    }
    return new Outcome(redelivered, recovered, failed, unrecoverable, paced);
  }

  /**
   * Pages newest first until one reaches back past {@code since}; null when the budget ran out
   * first.
   */
  private List<HookDelivery> deliveriesSince(Instant since) throws GitHubWriteException {
    List<HookDelivery> deliveries = new ArrayList<>();
    String page = null;
    do {
      if (!budget.tryTake()) {
        LOG.info(
            "webhook delivery recovery of {} paced: the GitHub request budget is spent before the list was read",
            hook);
        return null;
      }
      HookDeliveryPort.DeliveryPage read = github.deliveries(page);
      boolean reachedSince = false;
      for (HookDelivery delivery : read.deliveries()) {
        if (delivery.deliveredAt().isBefore(since)) {
          reachedSince = true;
        } else {
          deliveries.add(delivery);
        }
      }
      page = reachedSince ? null : read.next();
    } while (page != null);
    return deliveries;
  }

  /**
   * False when GitHub refused this redelivery for good; rethrows what a later pass may get past.
   */
  private boolean redeliver(HookDelivery delivery) throws GitHubWriteException {
    try {
      github.redeliver(delivery);
      listener.requested(delivery);
      logDelivery("webhook redelivery requested", "failed with", delivery);
      return true;
    } catch (GitHubWriteException e) {
      if (e.kind() != GitHubWriteException.Kind.REJECTED) {
        throw e;
      }
      listener.failed(delivery);
      LOG.warn(
          "GitHub refused to redeliver {} of {}, not asking again: {}",
          delivery,
          hook,
          e.getMessage());
      return false;
    }
  }

  /**
   * Logs what happened to a delivery, with its answer: {@code answered 202} for one that got
   * through, {@code failed with 502} for one that did not.
   */
  private void logDelivery(String what, String answered, HookDelivery delivery) {
    LOG.info(
        "{}: event {}, repository {}, delivery id {}, {} {} at {}, {}",
        what,
        eventName(delivery),
        delivery.repositoryId(),
        delivery.guid(),
        answered,
        delivery.statusCode(),
        delivery.deliveredAt(),
        hook);
  }

  private static String eventName(HookDelivery delivery) {
    return delivery.event() + (delivery.action() == null ? "" : "." + delivery.action());
  }
}
