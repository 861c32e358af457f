package dev.slipway.gateway.domain;

import java.util.Optional;

/**
 * The checks a delivery's headers must pass before its body is worth reading: a well-formed
 * signature, an event name, and a delivery id no longer than {@link #MAX_DELIVERY_ID_LENGTH}.
 */
public final class DeliveryHeaders {

  /**
   * GitHub's delivery ids are GUIDs (36 characters); the margin allows for a change of format,
   * while an id of kilobytes, which the ledger would keep for a day, is refused.
   */
  public static final int MAX_DELIVERY_ID_LENGTH = 64;

  private DeliveryHeaders() {}

  /**
   * Why a delivery with these headers is refused whatever its body, or empty if the body must
   * decide.
   */
  public static Optional<IntakeOutcome> refusal(String signature, String event, String deliveryId) {
    if (!SignatureVerifier.isWellFormed(signature)) {
      return Optional.of(IntakeOutcome.unverified());
    }
    if (isBlank(event)) {
      return invalid(null, "missing X-GitHub-Event header");
    }
    if (isBlank(deliveryId)) {
      return invalid(event, "missing X-GitHub-Delivery header");
    }
    if (deliveryId.length() > MAX_DELIVERY_ID_LENGTH) {
      return invalid(
          event, "X-GitHub-Delivery longer than " + MAX_DELIVERY_ID_LENGTH + " characters");
    }
    return Optional.empty();
  }

  private static Optional<IntakeOutcome> invalid(String event, String reason) {
    return Optional.of(new IntakeOutcome(IntakeOutcome.Status.INVALID, event, null, reason));
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
