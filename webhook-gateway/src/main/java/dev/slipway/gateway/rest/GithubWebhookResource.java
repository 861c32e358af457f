package dev.slipway.gateway.rest;

import dev.slipway.gateway.domain.DeliveryRequest;
import dev.slipway.gateway.domain.IntakeOutcome;
import dev.slipway.gateway.domain.WebhookIntake;
import dev.slipway.platform.logging.LogScope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub's webhook endpoint. Reads the body as bytes, since the signature covers exactly them; the
 * body is never logged. Bodies over {@code quarkus.http.limits.max-body-size} get 413 before this
 * runs, and {@link DeliveryGate} refuses malformed headers, and bodies over the budget of bytes in
 * flight, before the body is read.
 *
 * <p>The intake runs on a worker thread, since verifying and reading take time in proportion to the
 * body (up to 25 MB) and handing an event to the producer may wait for Kafka's metadata. The worker
 * is free again once the event is handed over; Kafka's acknowledgement completes the answer, which
 * the event loop writes. (With {@code @Blocking} instead, the answer would take a second trip
 * through a worker thread.)
 */
@Path("/webhooks/github")
public class GithubWebhookResource {

  private static final Logger LOG = LoggerFactory.getLogger(GithubWebhookResource.class);

  private final WebhookIntake intake;
  private final DeliveryMetrics metrics;
  private final ManagedExecutor workers;

  GithubWebhookResource(WebhookIntake intake, DeliveryMetrics metrics, ManagedExecutor workers) {
    this.intake = intake;
    this.metrics = metrics;
    this.workers = workers;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.TEXT_PLAIN)
  public CompletionStage<Response> receive(
      @HeaderParam("X-Hub-Signature-256") String signature,
      @HeaderParam("X-GitHub-Event") String event,
      @HeaderParam("X-GitHub-Delivery") String deliveryId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      byte[] body) {
    long start = System.nanoTime();
    DeliveryRequest request = new DeliveryRequest(signature, event, deliveryId, contentType, body);
    return CompletableFuture.supplyAsync(
            () -> {
              try (LogScope fields = DeliveryLogFields.of(deliveryId)) {
                return intake.receive(request);
              }
            },
            workers)
        .thenCompose(Function.identity())
        .thenApply(
            outcome -> {
              try (LogScope fields = DeliveryLogFields.of(deliveryId)) {
                metrics.record(outcome, System.nanoTime() - start);
                log(outcome, deliveryId);
              }
              Response.ResponseBuilder response = Response.status(status(outcome.status()));
              return outcome.status() == IntakeOutcome.Status.UNVERIFIED
                  ? response.build()
                  : response.entity(outcome.reason() + "\n").build();
            });
  }

  static int status(IntakeOutcome.Status status) {
    switch (status) {
      case PUBLISHED:
      case UNKNOWN_ORGANISATION:
      case REPOSITORY_NOT_ALLOWED:
        return 202;
      case DUPLICATE:
      case IGNORED:
        return 200;
      case UNVERIFIED:
        return 401;
      case INVALID:
        return 400;
      case UNSUPPORTED_MEDIA_TYPE:
        return 415;
      default:
        return 503;
    }
  }

  static void log(IntakeOutcome outcome, String deliveryId) {
    switch (outcome.status()) {
      case UNAVAILABLE:
        LOG.warn(
            "delivery {} ({}) not acknowledged: {}", deliveryId, outcome.event(), outcome.reason());
        break;
      case INVALID:
      case UNSUPPORTED_MEDIA_TYPE:
        LOG.info("delivery {} ({}) rejected: {}", deliveryId, outcome.event(), outcome.reason());
        break;
      default:
        LOG.debug(
            "delivery {} ({} {}): {}",
            deliveryId,
            outcome.event(),
            outcome.action(),
            outcome.status());
    }
  }
}
