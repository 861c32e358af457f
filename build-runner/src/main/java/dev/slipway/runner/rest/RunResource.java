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
import java.nio.charset.StandardCharsets;
import java.time.Clock;

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
    RunRecord run = find(runId);
    byte[] log = logs.readFrom(runId, 0);
    return RunPage.render(run, new String(log, StandardCharsets.UTF_8), log.length, clock.instant());
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

  /** The log of a run or a build from byte {@code from} on, with the headers the live page follows. */
  static Response logFrom(RunLogFiles logs, String id, Long from, boolean finished) {
    long offset = from == null || from < 0 ? 0 : from;
    byte[] text = logs.readFrom(id, offset);
    return Response.ok(new String(text, StandardCharsets.UTF_8))
        .header("X-Log-Next-Offset", offset + text.length)
        .header("X-Run-Finished", finished)
        .header("X-Content-Type-Options", "nosniff")
        .build();
  }

  private RunRecord find(String runId) {
    if (!RunFiles.isSafe(runId)) {
      throw new NotFoundException();
    }
    return runs.find(runId).orElseThrow(NotFoundException::new);
  }
}
