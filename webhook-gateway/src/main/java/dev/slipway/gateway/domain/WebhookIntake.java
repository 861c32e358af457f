package dev.slipway.gateway.domain;

import dev.slipway.events.WebhookReceived;
import dev.slipway.platform.organisations.Organisation;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what to do with one GitHub delivery: check its headers, verify it with the secrets of the
 * organisation it is about, read it, drop what is not handled or not served, and publish each
 * handled delivery once, answering only after the event is durable.
 *
 * <p>Verifying and reading happen on the calling thread; waiting for the event store does not hold
 * it, so many deliveries can wait for their acknowledgements at once and share the store's batches.
 */
public final class WebhookIntake {

  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String FORM_FIELD = "payload=";

  /** How many owners and repositories are remembered as reported, see {@link ReportedNames}. */
  private static final int REPORTED_NAMES = 10_000;

  private static final int PRINTED_OWNER_LENGTH = 64;

  private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

  private final OrganisationVerifiers verifiers;
  private final PayloadExtractor extractor;
  private final DeliveryLedger ledger;
  private final WebhookSink sink;
  private final Clock clock;
  private final Duration otherCopyWait;
  private final ReportedNames unknownOwners = new ReportedNames(REPORTED_NAMES);
  private final ReportedNames repositoriesNotAllowed = new ReportedNames(REPORTED_NAMES);

  /**
   * @param otherCopyWait how long a copy waits for a concurrent copy of the same delivery to be
   *     published
   */
  public WebhookIntake(
      OrganisationVerifiers verifiers,
      PayloadExtractor extractor,
      DeliveryLedger ledger,
      WebhookSink sink,
      Clock clock,
      Duration otherCopyWait) {
    this.verifiers = verifiers;
    this.extractor = extractor;
    this.ledger = ledger;
    this.sink = sink;
    this.clock = clock;
    this.otherCopyWait = otherCopyWait;
  }

  /**
   * Completes with the outcome once it is decided: for a handled delivery, once the event is
   * durable or failed.
   *
   * <p>The payload is read before its signature is checked, since the owner it names says whose
   * secrets check it; nothing else about it is used before.
   */
  public CompletionStage<IntakeOutcome> receive(DeliveryRequest request) {
    Optional<IntakeOutcome> refusal =
        DeliveryHeaders.refusal(request.signature(), request.event(), request.deliveryId());
    if (refusal.isPresent()) {
      return decided(refusal.get());
    }
    String event = request.event();
    PayloadExtractor.ReadPayload payload = null;
    IntakeOutcome unreadable = null;
    try {
      payload = extractor.read(json(request.contentType(), request.body()));
    } catch (UnsupportedContentTypeException e) {
      unreadable =
          new IntakeOutcome(
              IntakeOutcome.Status.UNSUPPORTED_MEDIA_TYPE, event, null, e.getMessage());
    } catch (InvalidDeliveryException e) {
      unreadable = new IntakeOutcome(IntakeOutcome.Status.INVALID, event, null, e.getMessage());
    }
    String owner = payload == null ? null : payload.owner();
    Optional<OrganisationVerifiers.Signers> signers = verifiers.of(owner);
    if (signers.isEmpty()) {
      return decided(unknownOrganisation(owner));
    }
    if (!signers.get().verifier().verifies(request.body(), request.signature())) {
      return decided(IntakeOutcome.unverified());
    }
    if (unreadable != null) {
      return decided(unreadable);
    }
    Extraction extraction;
    try {
      extraction = extractor.extract(event, request.deliveryId(), payload);
    } catch (InvalidDeliveryException e) {
      return decided(new IntakeOutcome(IntakeOutcome.Status.INVALID, event, null, e.getMessage()));
    }
    if (!extraction.isHandled()) {
      return decided(
          new IntakeOutcome(
              IntakeOutcome.Status.IGNORED,
              event,
              extraction.action(),
              extraction.ignoredBecause()));
    }
    Organisation organisation = signers.get().organisation();
    WebhookReceived received = extraction.event();
    // An organisation is known for every handled delivery: it names a repository, so an owner.
    if (organisation == null || !organisation.allows(received.repository())) {
      return decided(repositoryNotAllowed(received, organisation));
    }
    return publishOnce(received);
  }

  /**
   * Acknowledged, so that GitHub does not report a failing hook to an owner that may simply not be
   * set up yet; nothing about such a delivery can be verified.
   */
  private IntakeOutcome unknownOrganisation(String owner) {
    // Remembered as printed: an owner nobody verified may be megabytes long.
    String printable = printable(owner);
    if (unknownOwners.firstTime(printable)) {
      LOG.warn(
          "deliveries about {} are acknowledged and dropped: no organisation is configured for it"
              + " (logged once per owner)",
          printable);
    }
    return new IntakeOutcome(
        IntakeOutcome.Status.UNKNOWN_ORGANISATION,
        null,
        null,
        "no organisation is configured for this owner; nothing runs");
  }

  private IntakeOutcome repositoryNotAllowed(WebhookReceived received, Organisation organisation) {
    if (repositoriesNotAllowed.firstTime(received.repository())) {
      LOG.info(
          "deliveries about {} are acknowledged and dropped: not among the repositories of"
              + " organisation {} (logged once per repository)",
          received.repository(),
          organisation == null ? "(none)" : organisation.name());
    }
    return outcome(
        IntakeOutcome.Status.REPOSITORY_NOT_ALLOWED,
        received,
        "repository not among its organisation's repositories; nothing runs");
  }

  /**
   * An owner as a log line shows it: until a delivery is verified, the owner it names is anyone's
   * words, so it is cut to a login's length and stripped of what no login contains.
   */
  private static String printable(String owner) {
    String cut =
        owner.length() > PRINTED_OWNER_LENGTH ? owner.substring(0, PRINTED_OWNER_LENGTH) : owner;
    return cut.replaceAll("[^A-Za-z0-9._-]", "?") + (cut.length() < owner.length() ? "…" : "");
  }

  private CompletionStage<IntakeOutcome> publishOnce(WebhookReceived received) {
    if (!ledger.loaded()) {
      return decided(
          outcome(
              IntakeOutcome.Status.UNAVAILABLE,
              received,
              "starting: earlier deliveries not read back yet"));
    }
    DeliveryLedger.Claim claim = ledger.claim(received.deliveryId());
    switch (claim.admission()) {
      case PUBLISHED:
        return decided(outcome(IntakeOutcome.Status.DUPLICATE, received, "already received"));
      case IN_FLIGHT:
        return awaitOtherCopy(claim, received);
      default:
        return publish(received);
    }
  }

  private CompletionStage<IntakeOutcome> publish(WebhookReceived received) {
    CompletionStage<Void> durable;
    try {
      durable = sink.publish(received);
    } catch (RuntimeException e) {
      ledger.failed(received.deliveryId());
      throw e;
    }
    // Only the names are kept until the acknowledgement, not the event with its raw payload.
    String deliveryId = received.deliveryId();
    String event = received.event();
    String action = received.action();
    return durable.handle(
        (ignored, error) -> {
          if (error == null) {
            ledger.published(deliveryId, clock.instant());
            return new IntakeOutcome(IntakeOutcome.Status.PUBLISHED, event, action, "accepted");
          }
          ledger.failed(deliveryId);
          if (unwrap(error) instanceof EventNotDurableException) {
            return new IntakeOutcome(
                IntakeOutcome.Status.UNAVAILABLE,
                event,
                action,
                "event store unavailable, redeliver later");
          }
          throw error instanceof CompletionException completion
              ? completion
              : new CompletionException(error);
        });
  }

  private CompletionStage<IntakeOutcome> awaitOtherCopy(
      DeliveryLedger.Claim claim, WebhookReceived received) {
    IntakeOutcome duplicate = outcome(IntakeOutcome.Status.DUPLICATE, received, "already received");
    IntakeOutcome notStored =
        outcome(
            IntakeOutcome.Status.UNAVAILABLE,
            received,
            "a concurrent copy of this delivery was not stored, redeliver later");
    // A copy of the shared future, so that timing out here does not complete it for the other
    // waiters.
    return claim
        .otherCopy()
        .toCompletableFuture()
        .copy()
        .completeOnTimeout(false, otherCopyWait.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(error -> false)
        .thenApply(published -> published ? duplicate : notStored);
  }

  private static CompletionStage<IntakeOutcome> decided(IntakeOutcome outcome) {
    return CompletableFuture.completedFuture(outcome);
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  private static IntakeOutcome outcome(
      IntakeOutcome.Status status, WebhookReceived received, String reason) {
    return new IntakeOutcome(status, received.event(), received.action(), reason);
  }

  private static byte[] json(String contentType, byte[] body)
      throws UnsupportedContentTypeException, InvalidDeliveryException {
    String mediaType =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (mediaType.equals(JSON)) {
      return body;
    }
    if (mediaType.equals(FORM)) {
      return formPayload(body);
    }
    throw new UnsupportedContentTypeException(mediaType.isEmpty() ? "(none)" : mediaType);
  }

  /** GitHub's form content type sends the JSON url-encoded in the field {@code payload}. */
  private static byte[] formPayload(byte[] body) throws InvalidDeliveryException {
    for (String field : new String(body, StandardCharsets.US_ASCII).split("&")) {
      if (field.startsWith(FORM_FIELD)) {
        try {
          return URLDecoder.decode(field.substring(FORM_FIELD.length()), StandardCharsets.UTF_8)
              .getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new InvalidDeliveryException("form field payload is not url-encoded");
        }
      }
    }
    throw new InvalidDeliveryException("form body has no payload field");
  }
}
