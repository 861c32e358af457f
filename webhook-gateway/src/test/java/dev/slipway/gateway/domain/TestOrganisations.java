package dev.slipway.gateway.domain;

import dev.slipway.platform.organisations.GitHubCredentials;
import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import dev.slipway.platform.organisations.OrganisationsFile;
import java.util.List;
import java.util.Map;

/** Organisations as a file or a setup without one would configure them, for the intake's tests. */
public final class TestOrganisations {

  private TestOrganisations() {}

  /** The setup without an organisations file: every owner, verified with {@code secrets}. */
  public static Organisations anyOwner(String... secrets) {
    return new Organisations(
        List.of(
            Organisations.anyOwner(
                List.of(secrets),
                new GitHubCredentials.None(),
                OrganisationsFile.DEFAULT_WRITE_BUDGET)));
  }

  /**
   * @param repositories names or globs of the repositories it serves
   */
  public static Organisation organisation(
      String name, List<String> webhookSecrets, String... repositories) {
    return new Organisation(
        name,
        webhookSecrets,
        new GitHubCredentials.None(),
        List.of(repositories),
        List.of(),
        name,
        OrganisationsFile.DEFAULT_WRITE_BUDGET,
        OrganisationsFile.DEFAULT_LIMITS,
        Map.of());
  }
}
