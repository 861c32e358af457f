package dev.slipway.reporter.rest;

import dev.slipway.reporter.domain.RecoveryChecks;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /recovery}: what webhook delivery recovery has done since the reporter started, for
 * operators and {@code ./slipway status}.
 */
@Path("/recovery")
public class RecoveryResource {

  private final RecoveryChecks checks;

  RecoveryResource(RecoveryChecks checks) {
    this.checks = checks;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public RecoveryChecks.Snapshot lastCheck() {
    return checks.snapshot();
  }
}
