package dev.slipway.reporter.rest;

import dev.slipway.reporter.config.OrganisationReporter;
import dev.slipway.reporter.config.OrganisationReporters;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /organisations}: the organisations the reporter serves now, and whether GitHub takes
 * their credentials, for operators. Read-only, and without secret material: it names the kind of
 * credential, never the credential.
 */
@Path("/organisations")
public class OrganisationsResource {

  /**
   * @param name the organisation's login; {@code *} for the one organisation of a setup without an
   *     organisations file
   * @param repositories its allow-list
   * @param credentials {@code token}, {@code app} or {@code none}
   * @param status {@code ok}, {@code refused: <GitHub's message>} or {@code not checked yet}
   * @param budgetLeft writes its budget allows right now
   */
  public record OrganisationStatus(
      String name, List<String> repositories, String credentials, String status, int budgetLeft) {}

  private final OrganisationReporters organisations;

  public OrganisationsResource(OrganisationReporters organisations) {
    this.organisations = organisations;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<OrganisationStatus> organisations() {
    return organisations.all().stream().map(OrganisationsResource::statusOf).toList();
  }

  private static OrganisationStatus statusOf(OrganisationReporter organisation) {
    return new OrganisationStatus(
        organisation.name(),
        organisation.organisation().repositories(),
        organisation.client().credentialKind(),
        organisation.client().credentialStatus(),
        organisation.reporter().writesAllowedNow());
  }
}
