package dev.slipway.gateway.domain;

import dev.slipway.events.WebhookReceived;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Decides what to do with one GitHub delivery: verify, read, drop what is not handled, and publish
 * each handled delivery once, answering only after the event is durable.
 */
public final class WebhookIntake {

  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String FORM_FIELD = "payload=";

  private final SignatureVerifier verifier;
  private final PayloadExtractor extractor;
  private final DeliveryLedger ledger;
  private final WebhookSink sink;
  private final Clock clock;
  private final Duration otherCopyWait;

  /** @param otherCopyWait how long a copy waits for a concurrent copy of the same delivery to be published */
  public WebhookIntake(
      SignatureVerifier verifier,
      PayloadExtractor extractor,
      DeliveryLedger ledger,
      WebhookSink sink,
      Clock clock,
      Duration otherCopyWait) {
    this.verifier = verifier;
    this.extractor = extractor;
    this.ledger = ledger;
    this.sink = sink;
    this.clock = clock;
    this.otherCopyWait = otherCopyWait;
  }

  public IntakeOutcome receive(DeliveryRequest request) {
    if (!verifier.verifies(request.body(), request.signature())) {
      return IntakeOutcome.unverified();
    }
    String event = request.event();
    if (isBlank(event)) {
      return new IntakeOutcome(IntakeOutcome.Status.INVALID, null, null, "missing X-GitHub-Event header");
    }
    if (isBlank(request.deliveryId())) {
      return new IntakeOutcome(IntakeOutcome.Status.INVALID, event, null, "missing X-GitHub-Delivery header");
    }
    Extraction extraction;
    try {
      extraction = extractor.extract(event, request.deliveryId(), json(request.contentType(), request.body()));
    } catch (UnsupportedContentTypeException e) {
      return new IntakeOutcome(IntakeOutcome.Status.UNSUPPORTED_MEDIA_TYPE, event, null, e.getMessage());
    } catch (InvalidDeliveryException e) {
      return new IntakeOutcome(IntakeOutcome.Status.INVALID, event, null, e.getMessage());
    }
    if (!extraction.isHandled()) {
      return new IntakeOutcome(IntakeOutcome.Status.IGNORED, event, extraction.action(), extraction.ignoredBecause());
    }
    return publishOnce(extraction.event());
  }

  private IntakeOutcome publishOnce(WebhookReceived received) {
    if (!ledger.loaded()) {
      return outcome(IntakeOutcome.Status.UNAVAILABLE, received, "starting: earlier deliveries not read back yet");
    }
    DeliveryLedger.Claim claim = ledger.claim(received.deliveryId());
    switch (claim.admission()) {
      case PUBLISHED:
        return outcome(IntakeOutcome.Status.DUPLICATE, received, "already received");
      case IN_FLIGHT:
        return awaitOtherCopy(claim, received);
      default:
        return publish(received);
    }
  }

  private IntakeOutcome publish(WebhookReceived received) {
    try {
      sink.publish(received);
    } catch (EventNotDurableException e) {
      ledger.failed(received.deliveryId());
      return outcome(IntakeOutcome.Status.UNAVAILABLE, received, "event store unavailable, redeliver later");
    } catch (RuntimeException e) {
      ledger.failed(received.deliveryId());
      throw e;
    }
    ledger.published(received.deliveryId(), clock.instant());
    return outcome(IntakeOutcome.Status.PUBLISHED, received, "accepted");
  }

  private IntakeOutcome awaitOtherCopy(DeliveryLedger.Claim claim, WebhookReceived received) {
    if (otherCopyPublished(claim)) {
      return outcome(IntakeOutcome.Status.DUPLICATE, received, "already received");
    }
    return outcome(
        IntakeOutcome.Status.UNAVAILABLE, received, "a concurrent copy of this delivery was not stored, redeliver later");
  }

  private boolean otherCopyPublished(DeliveryLedger.Claim claim) {
    try {
      return claim.otherCopy().toCompletableFuture().get(otherCopyWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static IntakeOutcome outcome(IntakeOutcome.Status status, WebhookReceived received, String reason) {
    return new IntakeOutcome(status, received.event(), received.action(), reason);
  }

  private static byte[] json(String contentType, byte[] body)
      throws UnsupportedContentTypeException, InvalidDeliveryException {
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
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

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
