package dev.slipway.gateway.rest;

import dev.slipway.gateway.config.WebhookSettings;
import dev.slipway.gateway.domain.BodyBudget;
import dev.slipway.gateway.domain.DeliveryHeaders;
import dev.slipway.gateway.domain.IntakeOutcome;
import dev.slipway.platform.logging.LogScope;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides on the headers alone, before anything reads the body, whether a delivery's body is read
 * at all: a request with a malformed signature or unusable delivery headers is answered at once,
 * and a body is read only if its size fits in the budget of bytes in flight (503 otherwise). So
 * unsigned or oversized floods cost the gateway no heap.
 *
 * <p>A Vert.x route ordered before Quarkus' body handler and before Quarkus REST, which reads the
 * body of a {@code byte[]} parameter into memory once the request is routed to the resource; {@code
 * WebhookBoundsIT} shows the answer arrives before the body is sent.
 */
@ApplicationScoped
public class DeliveryGate {

  static final String PATH = "/webhooks/github";

  /** Bodies in flight are read within seconds; GitHub itself does not retry, a redelivery may. */
  private static final String RETRY_AFTER_SECONDS = "5";

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryGate.class);

  private final BodyBudget budget;
  private final long maxBodySize;
  private final DeliveryMetrics metrics;
  private final Map<HttpConnection, Set<Runnable>> pendingByConnection = new ConcurrentHashMap<>();

  DeliveryGate(
      WebhookSettings settings,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
      DeliveryMetrics metrics) {
    long inFlight = settings.maxBytesInFlight().asLongValue();
    if (inFlight < maxBodySize.asLongValue()) {
      throw new IllegalArgumentException(
          "slipway.webhook.max-bytes-in-flight ("
              + inFlight
              + " bytes) is below quarkus.http.limits.max-body-size ("
              + maxBodySize.asLongValue()
              + " bytes): a body of the largest allowed size could never be read");
    }
    this.budget = new BodyBudget(inFlight);
    this.maxBodySize = maxBodySize.asLongValue();
    this.metrics = metrics;
    metrics.watch(budget);
  }

  void install(@Observes Router router) {
    router
        .route(HttpMethod.POST, PATH)
        .order(RouteConstants.ROUTE_ORDER_BODY_HANDLER - 1)
        .handler(this::admit);
  }

  private void admit(RoutingContext context) {
    String deliveryId = context.request().getHeader("X-GitHub-Delivery");
    try (LogScope fields = DeliveryLogFields.of(shortened(deliveryId))) {
      admit(context, deliveryId);
    }
  }

  private void admit(RoutingContext context, String deliveryId) {
    long start = System.nanoTime();
    HttpServerRequest request = context.request();
    Optional<IntakeOutcome> refusal =
        DeliveryHeaders.refusal(
            request.getHeader("X-Hub-Signature-256"),
            request.getHeader("X-GitHub-Event"),
            deliveryId);
    if (refusal.isPresent()) {
      IntakeOutcome outcome = refusal.get();
      GithubWebhookResource.log(outcome, shortened(deliveryId));
      answer(context, outcome, start);
      return;
    }
    long bytes = bodyBytes(request);
    if (!budget.tryReserve(bytes)) {
      IntakeOutcome busy =
          new IntakeOutcome(
              IntakeOutcome.Status.UNAVAILABLE,
              null,
              null,
              "too many bodies being read, redeliver later");
      LOG.warn(
          "delivery {} not read: {} bytes would exceed slipway.webhook.max-bytes-in-flight ({} bytes reserved)",
          shortened(deliveryId),
          bytes,
          budget.reserved());
      context.response().putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
      answer(context, busy, start);
      return;
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            budget.release(bytes);
          }
        };
    // An answered request ends here. A sender that goes away while its body is read ends no
    // response the routing context hears of (Quarkus REST takes the response's close handler), so
    // the connection's close releases it too.
    Set<Runnable> onClose = releasesOnClose(request.connection());
    onClose.add(release);
    context.addEndHandler(
        ended -> {
          onClose.remove(release);
          release.run();
        });
    context.next();
  }

  /**
   * What runs when {@code connection} closes: one listener per connection, on its close future.
   * Setting the connection's close handler would take Quarkus' own (it counts connections there
   * when {@code quarkus.http.limits.max-connections} is set).
   */
  private Set<Runnable> releasesOnClose(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase closing)) {
      return ConcurrentHashMap.newKeySet();
    }
    Set<Runnable> releases = ConcurrentHashMap.newKeySet();
    Set<Runnable> listened = pendingByConnection.putIfAbsent(connection, releases);
    if (listened != null) {
      return listened;
    }
    closing
        .closeFuture()
        .onComplete(
            closed -> {
              pendingByConnection.remove(connection);
              releases.forEach(Runnable::run);
            });
    return releases;
  }

  /**
   * What the body may occupy: its declared length, or the largest allowed when the length is not
   * declared.
   */
  private long bodyBytes(HttpServerRequest request) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null) {
      return maxBodySize;
    }
    try {
      return Math.min(Math.max(Long.parseLong(declared), 0), maxBodySize);
    } catch (NumberFormatException notANumber) {
      return maxBodySize;
    }
  }

  /**
   * Answers without reading the body into memory: whatever of it still arrives is dropped as it
   * comes, chunk by chunk, so the connection can serve the sender's next request.
   */
  private void answer(RoutingContext context, IntakeOutcome outcome, long start) {
    metrics.record(outcome, System.nanoTime() - start);
    context.response().setStatusCode(GithubWebhookResource.status(outcome.status()));
    if (outcome.status() == IntakeOutcome.Status.UNVERIFIED) {
      context.response().end();
    } else {
      context
          .response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
          .end(outcome.reason() + "\n");
    }
    if (!context.request().isEnded()) {
      context.request().handler(ignored -> {}).resume();
    }
  }

  private static String shortened(String deliveryId) {
    return deliveryId == null || deliveryId.length() <= DeliveryHeaders.MAX_DELIVERY_ID_LENGTH
        ? deliveryId
        : deliveryId.substring(0, DeliveryHeaders.MAX_DELIVERY_ID_LENGTH) + "…";
  }
}
