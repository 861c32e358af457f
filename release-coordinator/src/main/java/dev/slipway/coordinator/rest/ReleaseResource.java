package dev.slipway.coordinator.rest;

import dev.slipway.coordinator.domain.RepositoryReleases;
import dev.slipway.coordinator.domain.RepositoryView;
import dev.slipway.coordinator.kafka.CoordinatorTopology;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/** Operators' view of the lanes, read from the coordinator's state store (interactive queries). */
@Path("/releases")
@Produces(MediaType.APPLICATION_JSON)
public class ReleaseResource {

  /** How long a client should wait before asking again: a start-up or a rebalance takes seconds. */
  static final int RETRY_AFTER_SECONDS = 5;

  private final ReleaseStore store;

  @Inject
  ReleaseResource(KafkaStreams streams) {
    this(
        repository ->
            streams
                .store(
                    StoreQueryParameters.fromNameAndType(
                        CoordinatorTopology.STORE,
                        QueryableStoreTypes.<String, RepositoryReleases>keyValueStore()))
                .get(repository));
  }

  ReleaseResource(ReleaseStore store) {
    this.store = store;
  }

  @GET
  @Path("{owner}/{repo}")
  public Response lanes(@PathParam("owner") String owner, @PathParam("repo") String repo) {
    String repository = owner + "/" + repo;
    RepositoryReleases state;
    try {
      state = store.get(repository);
    } catch (InvalidStateStoreException e) {
      // Thrown by finding the store and by reading it: both while Streams starts, restores or
      // rebalances.
      return Response.status(Response.Status.SERVICE_UNAVAILABLE)
          .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
          .entity(Map.of("error", "the release state is not queryable yet: " + e.getMessage()))
          .build();
    }
    if (state == null) {
      return Response.status(Response.Status.NOT_FOUND)
          .entity(Map.of("error", "no release of " + repository + " is known"))
          .build();
    }
    return Response.ok(RepositoryView.of(state)).build();
  }

  /**
   * One repository's entry of the state store; throws {@link InvalidStateStoreException} while it
   * is not queryable.
   */
  @FunctionalInterface
  interface ReleaseStore {
    RepositoryReleases get(String repository);
  }
}
