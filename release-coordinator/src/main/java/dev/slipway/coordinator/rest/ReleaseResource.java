package dev.slipway.coordinator.rest;

import dev.slipway.coordinator.domain.RepositoryReleases;
import dev.slipway.coordinator.domain.RepositoryView;
import dev.slipway.coordinator.kafka.CoordinatorTopology;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Operators' view of the lanes, read from the coordinator's state store (interactive queries). */
@Path("/releases")
@Produces(MediaType.APPLICATION_JSON)
public class ReleaseResource {

  private final KafkaStreams streams;

  ReleaseResource(KafkaStreams streams) {
    this.streams = streams;
  }

  @GET
  @Path("{owner}/{repo}")
  public Response lanes(@PathParam("owner") String owner, @PathParam("repo") String repo) {
    String repository = owner + "/" + repo;
    ReadOnlyKeyValueStore<String, RepositoryReleases> store;
    try {
      store =
          streams.store(
              StoreQueryParameters.fromNameAndType(CoordinatorTopology.STORE, QueryableStoreTypes.keyValueStore()));
    } catch (InvalidStateStoreException e) {
      return Response.status(Response.Status.SERVICE_UNAVAILABLE)
          .entity(Map.of("error", "the release state is not queryable yet: " + e.getMessage()))
          .build();
    }
    RepositoryReleases state = store.get(repository);
    if (state == null) {
      return Response.status(Response.Status.NOT_FOUND)
          .entity(Map.of("error", "no release of " + repository + " is known"))
          .build();
    }
    return Response.ok(RepositoryView.of(state)).build();
  }
}
