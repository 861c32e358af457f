package dev.slipway.gateway.domain;

/**
 * What became of a delivery.
 *
 * @param status the decision
 * @param event the verified event type, null when the delivery was not verified
 * @param action the payload's action, null when unknown or absent
 * @param reason one line for the sender; never contains the body
 */
public record IntakeOutcome(Status status, String event, String action, String reason) {

  public enum Status {
    /** The event is durable: acknowledge. */
    PUBLISHED,
    /** This delivery was published before: acknowledge, nothing new. */
    DUPLICATE,
    /** Verified but not an event Slipway acts on: acknowledge, nothing published. */
    IGNORED,
    /** The signature is missing or matches no secret of the organisation the delivery is about. */
    UNVERIFIED,
    /** Verified but unreadable: a header or a needed field is missing, or the body is not JSON. */
    INVALID,
    UNSUPPORTED_MEDIA_TYPE,
    /** The event could not be made durable in time: the sender should redeliver. */
    UNAVAILABLE,
    /**
     * No organisation is configured for the owner the payload names: acknowledge, nothing published
     * (nothing can be verified either).
     */
    UNKNOWN_ORGANISATION,
    /**
     * Verified with its organisation's secret, but the repository is not among the organisation's
     * repositories: acknowledge, nothing published.
     */
    REPOSITORY_NOT_ALLOWED
  }

  static IntakeOutcome unverified() {
    return new IntakeOutcome(Status.UNVERIFIED, null, null, "");
  }
}
