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
import java.time.Clock;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/** Operators' view of the lanes, read from the coordinator's state store (interactive queries). */
@Path("/releases")
public class ReleaseResource {

  /** How long a client should wait before asking again: a start-up or a rebalance takes seconds. */
  static final int RETRY_AFTER_SECONDS = 5;

  private final ReleaseStore store;
  private final HistoryPage history;
  private final Clock clock;

  @Inject
  ReleaseResource(KafkaStreams streams, HistoryLinks links) {
    this(
        ReleaseStore.of(streams),
        new HistoryPage(links.buildLogUrl(), links.githubUrl()),
        Clock.systemUTC());
  }

  ReleaseResource(ReleaseStore store, HistoryPage page, Clock clock) {
    this.store = store;
    this.history = page;
    this.clock = clock;
  }

  /**
   * The view for programs: the default, also for a client that accepts anything ({@code *}{@code
   * /*}, or no {@code Accept}), as curl and the CLI send.
   */
  @GET
  @Path("{owner}/{repo}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response lanes(@PathParam("owner") String owner, @PathParam("repo") String repo) {
    return read(owner + "/" + repo, view -> view, (repository, error) -> Map.of("error", error));
  }

  /**
   * The same as a page, for a client that prefers {@code text/html}: a browser. Its lower {@code
   * qs} makes JSON win for {@code *}{@code /*}: without it, Quarkus REST picks between the two
   * methods by their order, which follows their names.
   */
  @GET
  @Path("{owner}/{repo}")
  @Produces(MediaType.TEXT_HTML + ";qs=0.5")
  public Response page(@PathParam("owner") String owner, @PathParam("repo") String repo) {
    return read(
        owner + "/" + repo, view -> history.render(view, clock.instant()), history::problem);
  }

  private Response read(
      String repository,
      Function<RepositoryView, Object> representation,
      BiFunction<String, String, Object> problem) {
    RepositoryReleases state;
    try {
      state = store.get(repository);
    } catch (InvalidStateStoreException e) {
      // Thrown by finding the store and by reading it: both while Streams starts, restores or
      // rebalances.
      return Response.status(Response.Status.SERVICE_UNAVAILABLE)
          .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
          .entity(
              problem.apply(
                  repository, "the release state is not queryable yet: " + e.getMessage()))
          .build();
    }
    if (state == null) {
      return Response.status(Response.Status.NOT_FOUND)
          .entity(problem.apply(repository, "no release of " + repository + " is known"))
          .build();
    }
    return Response.ok(representation.apply(RepositoryView.of(state))).build();
  }

  /**
   * One repository's entry of the state store; throws {@link InvalidStateStoreException} while it
   * is not queryable.
   */
  @FunctionalInterface
  interface ReleaseStore {
    RepositoryReleases get(String repository);

    /** The coordinator's store, read through Kafka Streams' interactive queries. */
    static ReleaseStore of(KafkaStreams streams) {
      return repository -> CoordinatorTopology.queryableStore(streams).get(repository);
    }
  }
}
