package dev.slipway.runner.rest;

import dev.slipway.runner.domain.RunRecord;
import dev.slipway.runner.domain.RunScheduler;
import dev.slipway.runner.state.RunFiles;
import dev.slipway.runner.state.RunLogFiles;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/** A run's page (the commit status' target URL) and its log as plain text. */
@Path("/runs/{runId}")
public class RunResource {

  private final RunScheduler runs;
  private final RunLogFiles logs;
  private final Clock clock;

  RunResource(RunScheduler runs, RunLogFiles logs, Clock clock) {
    this.runs = runs;
    this.logs = logs;
    this.clock = clock;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public String page(@PathParam("runId") String runId) {
    return RunPage.render(find(runId), logs.tail(runId), clock.instant());
  }

  /**
   * The log from byte {@code from} on. {@code X-Log-Next-Offset} says where to continue, {@code
   * X-Run-Finished} whether more can come.
   */
  @GET
  @Path("/log")
  @Produces(MediaType.TEXT_PLAIN + ";charset=utf-8")
  public Response log(@PathParam("runId") String runId, @QueryParam("from") Long from) {
    return logFrom(logs, runId, from, find(runId).state().isTerminal());
  }

  /**
   * The log of a run or a build from byte {@code from} to its length now, with the headers the live
   * page follows; streamed from the files, never held whole.
   */
  static Response logFrom(RunLogFiles logs, String id, Long from, boolean finished) {
    long offset = from == null || from < 0 ? 0 : from;
    long end = Math.max(offset, logs.length(id));
    StreamingOutput text = target -> logs.copy(id, offset, end, target);
    return Response.ok(text)
        .header("X-Log-Next-Offset", end)
        .header("X-Run-Finished", finished)
        .header("X-Content-Type-Options", "nosniff")
        .build();
  }

  private RunRecord find(String runId) {
    return found(runId, runs::find);
  }

  /**
   * What {@code lookup} finds under {@code id}, a run's or a build's: not found when there is none,
   * and without a look when the id could name a path.
   */
  static <T> T found(String id, Function<String, Optional<T>> lookup) {
    if (!RunFiles.isSafe(id)) {
      throw new NotFoundException();
    }
    return lookup.apply(id).orElseThrow(NotFoundException::new);
  }
}
