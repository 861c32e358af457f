package dev.slipway.runner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.platform.organisations.GitHubCredentials;
import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import dev.slipway.platform.organisations.OrganisationsFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseImagesTest {

  @Test
  void anOrganisationsReleasesGoUnderItsNamespaceAndOtherOwnersUnderTheirName() {
    Organisations organisations =
        new Organisations(
            List.of(
                new Organisation(
                    "Acme",
                    List.of(),
                    new GitHubCredentials.None(),
                    List.of("*"),
                    List.of(),
                    "team-acme",
                    OrganisationsFile.DEFAULT_WRITE_BUDGET,
                    OrganisationsFile.DEFAULT_LIMITS,
                    Map.of()),
                Organisations.anyOwner(
                    List.of(),
                    new GitHubCredentials.None(),
                    OrganisationsFile.DEFAULT_WRITE_BUDGET)));
    ReleaseImages images = new ReleaseImages("registry:5000", () -> organisations);

    assertThat(images.of("acme/Shop")).isEqualTo("registry:5000/team-acme/shop");
    assertThat(images.of("globex/app")).isEqualTo("registry:5000/globex/app");
    assertThat(ReleaseImages.byOwner("registry:5000").of("Acme/shop"))
        .isEqualTo("registry:5000/acme/shop");
  }
}
