package dev.slipway.coordinator.rest;

import dev.slipway.coordinator.config.OperationSettings;
import dev.slipway.coordinator.domain.RejectedOperation;
import dev.slipway.coordinator.domain.RepositoryReleases;
import dev.slipway.coordinator.domain.RepositoryView;
import dev.slipway.events.Envelope;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseOrigin.Operation;
import dev.slipway.events.ReleaseSummary;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.PublishFailedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rollback, retry and redeploy over HTTP, for {@code ./slipway release} and any other client: the
 * request becomes a {@code ReleaseOperationRequested} on the coordinator's own input topic, so it
 * is decided in the lanes like every release, and the answer is the coordinator's decision, read
 * back from its state store.
 */
@Path("/releases/{owner}/{repo}/operations")
public class ReleaseOperationResource {

  private static final Logger LOG = LoggerFactory.getLogger(ReleaseOperationResource.class);
  private static final String SOURCE = "/slipway/release-coordinator/operations";
  private static final Pattern RELEASE_NUMBER = Pattern.compile("v?([0-9]{1,9})");
  private static final Pattern OPERATION_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");
  private static final long POLL_MILLIS = 50;
  // What a request may carry into the repository's store entry, which keeps it for good.
  private static final int MAX_DATACENTERS = 16;
  private static final int MAX_NAME_LENGTH = 100;

  private final EventPublisher publisher;
  private final ReleaseResource.ReleaseStore store;
  private final OperationSettings settings;
  private final Clock clock;

  @Inject
  ReleaseOperationResource(
      EventPublisher publisher, KafkaStreams streams, OperationSettings settings, Clock clock) {
    this(publisher, ReleaseResource.ReleaseStore.of(streams), settings, clock);
  }

  ReleaseOperationResource(
      EventPublisher publisher,
      ReleaseResource.ReleaseStore store,
      OperationSettings settings,
      Clock clock) {
    this.publisher = publisher;
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * What a client asks.
   *
   * @param operation ROLLBACK, RETRY or REDEPLOY
   * @param release the release operated on: {@code 4} or {@code "v4"}
   * @param datacenters where; empty for the release's own datacenters
   * @param requestedBy who asks, shown in the release's origin
   * @param operationId chosen by the client so that asking again (after a 503 or a lost answer) is
   *     the same operation, decided once; one is made up when absent
   */
  public record OperationRequest(
      String operation,
      String release,
      List<String> datacenters,
      String requestedBy,
      String operationId) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response operate(
      @PathParam("owner") String owner,
      @PathParam("repo") String repo,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      OperationRequest body)
      throws InterruptedException {
    Optional<Response> refused = authorize(authorization);
    if (refused.isPresent()) {
      return refused.get();
    }
    String repository = owner + "/" + repo;
    Optional<String> defect = defectOf(body);
    if (defect.isPresent()) {
      return answer(Response.Status.BAD_REQUEST, Map.of("error", defect.get()));
    }
    ReleaseOperationRequested request = requestOf(repository, body);
    try {
      publisher.publish(
          Topics.TASK_SPEC,
          Envelope.<TaskSpecEvent>first(
              SOURCE, repository, "operation-" + request.operationId(), clock.instant(), request));
    } catch (PublishFailedException e) {
      LOG.warn(
          "repo={} operation {} not published: {}", repository, describe(request), e.getMessage());
      return unavailable("Kafka did not take the request: " + e.getMessage(), null);
    }
    LOG.info(
        "repo={} operation={} asked: {} correlation=operation-{}",
        repository,
        request.operationId(),
        describe(request),
        request.operationId());
    return awaitDecision(repository, request);
  }

  private Optional<Response> authorize(String authorization) {
    Optional<String> token = settings.token().filter(value -> !value.isBlank());
    if (token.isEmpty()) {
      return Optional.of(
          answer(
              Response.Status.FORBIDDEN,
              Map.of(
                  "error",
                  "release operations are off: set slipway.release.operations.token on the"
                      + " release-coordinator")));
    }
    String expected = "Bearer " + token.get();
    if (authorization == null
        || !MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8),
            authorization.getBytes(StandardCharsets.UTF_8))) {
      return Optional.of(
          answer(
              Response.Status.UNAUTHORIZED,
              Map.of("error", "a valid token is required: Authorization: Bearer <token>")));
    }
    return Optional.empty();
  }

  static Optional<String> defectOf(OperationRequest body) {
    if (body == null) {
      return Optional.of("the body must be JSON: {\"operation\": …, \"release\": …}");
    }
    if (body.operation() == null || operationOf(body.operation()).isEmpty()) {
      return Optional.of("operation must be one of ROLLBACK, RETRY, REDEPLOY");
    }
    if (body.release() == null || !RELEASE_NUMBER.matcher(body.release().trim()).matches()) {
      return Optional.of("release must name a release number, e.g. 4 or v4");
    }
    if (body.operationId() != null && !OPERATION_ID.matcher(body.operationId()).matches()) {
      return Optional.of("operationId must be 8 to 64 of A-Z, a-z, 0-9, '.', '_', '-'");
    }
    if (body.datacenters() != null
        && body.datacenters().stream().anyMatch(dc -> dc == null || dc.isBlank())) {
      return Optional.of("datacenters must not contain a blank name");
    }
    if (body.datacenters() != null
        && (body.datacenters().size() > MAX_DATACENTERS
            || body.datacenters().stream().anyMatch(dc -> dc.length() > MAX_NAME_LENGTH))) {
      return Optional.of(
          "datacenters: at most "
              + MAX_DATACENTERS
              + " names of at most "
              + MAX_NAME_LENGTH
              + " characters");
    }
    if (body.requestedBy() != null && body.requestedBy().length() > MAX_NAME_LENGTH) {
      return Optional.of("requestedBy: at most " + MAX_NAME_LENGTH + " characters");
    }
    return Optional.empty();
  }

  private ReleaseOperationRequested requestOf(String repository, OperationRequest body) {
    Matcher number = RELEASE_NUMBER.matcher(body.release().trim());
    number.matches();
    return new ReleaseOperationRequested(
        body.operationId() == null ? UUID.randomUUID().toString() : body.operationId(),
        repository,
        operationOf(body.operation()).orElseThrow(),
        Integer.parseInt(number.group(1)),
        null,
        body.datacenters(),
        body.requestedBy() == null || body.requestedBy().isBlank()
            ? "an operator"
            : body.requestedBy(),
        clock.instant(),
        null);
  }

  private static Optional<Operation> operationOf(String name) {
    try {
      Operation operation = Operation.valueOf(name.trim().toUpperCase(Locale.ROOT));
      return operation == Operation.PUBLISHED ? Optional.empty() : Optional.of(operation);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Response awaitDecision(String repository, ReleaseOperationRequested request)
      throws InterruptedException {
    Instant deadline = clock.instant().plus(settings.answerTimeout());
    String lastProblem = "no decision yet";
    while (true) {
      try {
        RepositoryReleases state = store.get(repository);
        if (state != null) {
          Optional<RejectedOperation> rejected = state.rejection(request.operationId());
          if (rejected.isPresent()) {
            return answer(
                Response.Status.CONFLICT,
                Map.of("error", rejected.get().reason(), "operationId", request.operationId()));
          }
          Optional<ReleaseSummary> release =
              RepositoryView.of(state).releases().stream()
                  .filter(summary -> summary.releaseId().equals(request.releaseId()))
                  .findFirst();
          if (release.isPresent()) {
            Map<String, Object> accepted = new LinkedHashMap<>();
            accepted.put("operationId", request.operationId());
            accepted.put("releaseId", request.releaseId());
            accepted.put("release", release.get());
            return answer(Response.Status.ACCEPTED, accepted);
          }
        }
      } catch (InvalidStateStoreException e) {
        lastProblem = "the release state is not queryable: " + e.getMessage();
      }
      if (!clock.instant().isBefore(deadline)) {
        return unavailable(
            "the request was published but not decided within "
                + settings.answerTimeout().toSeconds()
                + " s ("
                + lastProblem
                + "); it may still be: see GET /releases/"
                + repository,
            request.operationId());
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private static Response unavailable(String error, String operationId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    if (operationId != null) {
      body.put("operationId", operationId);
    }
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, ReleaseResource.RETRY_AFTER_SECONDS)
        .type(MediaType.APPLICATION_JSON)
        .entity(body)
        .build();
  }

  private static Response answer(Response.Status status, Object body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
  }

  private static String describe(ReleaseOperationRequested request) {
    return request.operation()
        + " v"
        + request.releaseNumber()
        + (request.datacenters().isEmpty() ? "" : " in " + String.join(", ", request.datacenters()))
        + " by "
        + request.requestedBy();
  }
}
