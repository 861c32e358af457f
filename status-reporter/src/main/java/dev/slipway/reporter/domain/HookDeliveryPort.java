package dev.slipway.reporter.domain;

import java.util.List;

/** The two calls recovery makes on one webhook ({@link WatchedHook}). */
public interface HookDeliveryPort {

  /**
   * One page of the hook's deliveries as GitHub lists them, newest first.
   *
   * @param page null for the first page, else a previous page's {@link DeliveryPage#next}
   */
  DeliveryPage deliveries(String page) throws GitHubWriteException;

  /** Asks GitHub to deliver the event of {@code delivery} again; GitHub answers before it does. */
  void redeliver(HookDelivery delivery) throws GitHubWriteException;

  /**
   * @param next where the next page is; null on the last
   */
  record DeliveryPage(List<HookDelivery> deliveries, String next) {
    public DeliveryPage {
      deliveries = List.copyOf(deliveries);
    }
  }
}
