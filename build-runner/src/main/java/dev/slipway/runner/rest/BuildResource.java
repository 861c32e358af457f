package dev.slipway.runner.rest;

import dev.slipway.events.NormalizedError;
import dev.slipway.runner.domain.ReleaseBuildRecord;
import dev.slipway.runner.domain.ReleaseBuildRequest;
import dev.slipway.runner.domain.ReleaseBuilds;
import dev.slipway.runner.state.RunLogFiles;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** A release build's page (the {@code logUrl} of its build states) and its log as plain text. */
@Path("/builds/{releaseId}")
public class BuildResource {

  private final ReleaseBuilds builds;
  private final RunLogFiles logs;
  private final Clock clock;

  BuildResource(ReleaseBuilds builds, RunLogFiles logs, Clock clock) {
    this.builds = builds;
    this.logs = logs;
    this.clock = clock;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public String page(@PathParam("releaseId") String releaseId) {
    ReleaseBuildRecord build = find(releaseId);
    ReleaseBuildRequest request = build.request();
    List<RunPage.Row> more =
        new ArrayList<>(
            List.of(new RunPage.Row("Duration", RunPage.format(build.duration(clock.instant())))));
    if (build.digest() != null) {
      more.add(new RunPage.Row("Image", build.image() + "@" + build.digest()));
    }
    if (!build.pushedTo().isEmpty()) {
      more.add(new RunPage.Row("Announced to", String.join(", ", build.pushedTo())));
    }
    if (build.detail() != null) {
      more.add(new RunPage.Row("Detail", build.detail()));
    }
    return RunPage.page(
        "build " + request.tag(),
        request.repository(),
        List.of(
            new RunPage.Row("Repository", request.repository()),
            new RunPage.Row("Tag", request.tag()),
            new RunPage.Row("Commit", request.sha()),
            new RunPage.Row("Dockerfile", request.dockerfile()),
            new RunPage.Row("Release", request.releaseId())),
        build.state(),
        more,
        List.<NormalizedError>of(),
        logs.tail(releaseId),
        releaseId);
  }

  /** The build's log from byte {@code from} on; headers as for a run's log. */
  @GET
  @Path("/log")
  @Produces(MediaType.TEXT_PLAIN + ";charset=utf-8")
  public Response log(@PathParam("releaseId") String releaseId, @QueryParam("from") Long from) {
    return RunResource.logFrom(logs, releaseId, from, find(releaseId).state().isTerminal());
  }

  private ReleaseBuildRecord find(String releaseId) {
    return RunResource.found(releaseId, builds::find);
  }
}
