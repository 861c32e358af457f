package dev.slipway.reporter.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What delivery recovery has done since the reporter started, for operators: the hooks it watches,
 * when it last checked one, how many redeliveries it asked for and how many events it recovered
 * (their redelivery got a 2xx), failed to recover and found too old. Updated by the recovery
 * workers, read by the HTTP endpoint.
 */
public final class RecoveryChecks {

  /**
   * @param hooks each watched hook with what went wrong with it last, or "ok"
   * @param lastCheckAt the end of the last pass that read a hook's deliveries; null before the
   *     first
   */
  public record Snapshot(
      Map<String, String> hooks,
      Instant lastCheckAt,
      int requested,
      int recovered,
      int failed,
      int unrecoverable) {}

  private final Map<String, String> hooks = new LinkedHashMap<>();
  private Instant lastCheckAt;
  private int requested;
  private int recovered;
  private int failed;
  private int unrecoverable;

  public synchronized void watching(List<WatchedHook> watched) {
    watched.forEach(hook -> hooks.put(hook.toString(), "not checked yet"));
  }

  public synchronized void checked(
      WatchedHook hook, Instant at, DeliveryRecoverer.Outcome outcome) {
    hooks.put(hook.toString(), outcome.paced() ? "paced by the GitHub request budget" : "ok");
    lastCheckAt = at;
    requested += outcome.redelivered();
    recovered += outcome.recovered();
    failed += outcome.failed();
    unrecoverable += outcome.unrecoverable();
  }

  public synchronized void problem(WatchedHook hook, String problem) {
    hooks.put(hook.toString(), problem);
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(
        Collections.unmodifiableMap(new LinkedHashMap<>(hooks)),
        lastCheckAt,
        requested,
        recovered,
        failed,
        unrecoverable);
  }
}
