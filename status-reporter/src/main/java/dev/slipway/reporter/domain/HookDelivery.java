package dev.slipway.reporter.domain;

import java.time.Instant;

/**
 * One attempt of GitHub to deliver a webhook of the App's hook, as GitHub lists it.
 *
 * @param id GitHub's id of this attempt, the one a redelivery request names
 * @param guid the event's delivery id ({@code X-GitHub-Delivery}), the same for every attempt
 * @param statusCode the webhook endpoint's answer; 0 when GitHub could not reach it
 * @param action null for events without one
 * @param repositoryId null for events of no repository
 */
public record HookDelivery(
    long id,
    String guid,
    Instant deliveredAt,
    boolean redelivery,
    int statusCode,
    String event,
    String action,
    Long repositoryId) {

  public boolean succeeded() {
    return statusCode / 100 == 2;
  }

  /**
   * Whether the endpoint was down rather than refusing the event: GitHub could not reach it, or it
   * (or a proxy in front of it) answered that it cannot serve now. Slipway's gateway answers 503
   * while Kafka is down.
   */
  public boolean endpointUnavailable() {
    return statusCode == 0 || statusCode == 502 || statusCode == 503 || statusCode == 504;
  }

  /** Oldest first; GitHub's ids grow with time and break ties within one second. */
  static int chronologically(HookDelivery a, HookDelivery b) {
    int byTime = a.deliveredAt.compareTo(b.deliveredAt);
    return byTime != 0 ? byTime : Long.compare(a.id, b.id);
  }

  @Override
  public String toString() {
    return event
        + (action == null ? "" : "." + action)
        + " "
        + guid
        + " (delivery "
        + id
        + ", repository "
        + repositoryId
        + ", answered "
        + statusCode
        + " at "
        + deliveredAt
        + ")";
  }
}
