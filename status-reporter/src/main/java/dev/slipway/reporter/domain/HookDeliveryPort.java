package dev.slipway.reporter.domain;

import java.time.Instant;
import java.util.List;

/** The two calls recovery makes on the GitHub App's webhook. */
public interface HookDeliveryPort {

  /** Every delivery GitHub made at or after {@code since}, in any order. */
  List<HookDelivery> deliveriesSince(Instant since) throws GitHubWriteException;

  /** Asks GitHub to deliver the event of {@code delivery} again; GitHub answers before it does. */
  void redeliver(HookDelivery delivery) throws GitHubWriteException;
}
