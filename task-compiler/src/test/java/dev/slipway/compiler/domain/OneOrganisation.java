package dev.slipway.compiler.domain;

import dev.slipway.platform.organisations.GitHubCredentials;
import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import dev.slipway.platform.organisations.OrganisationsFile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A setup with one organisation, for tests: what the compiler reads of it and nothing else. */
public final class OneOrganisation {

  private OneOrganisation() {}

  /**
   * @param repositories names or globs of the repositories it serves
   */
  public static Supplier<Organisations> serving(
      String name,
      List<String> repositories,
      Duration maxTaskTimeout,
      Map<String, Organisation.SecretRule> secretRules) {
    Organisations organisations =
        new Organisations(
            List.of(
                new Organisation(
                    name,
                    List.of(),
                    new GitHubCredentials.None(),
                    repositories,
                    List.of(),
                    name,
                    OrganisationsFile.DEFAULT_WRITE_BUDGET,
                    new Organisation.Limits(4, maxTaskTimeout),
                    secretRules)));
    return () -> organisations;
  }
}
