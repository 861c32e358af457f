package dev.slipway.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OrganisationVerifiersTest {

  private static final byte[] BODY = "{\"zen\":\"z\"}".getBytes(StandardCharsets.UTF_8);

  private final Organisation acme =
      TestOrganisations.organisation("acme", List.of("acme-old", "acme-new"), "*");
  private final Organisation globex =
      TestOrganisations.organisation("Globex", List.of("globex-secret"), "*");
  private final AtomicReference<Organisations> organisations =
      new AtomicReference<>(new Organisations(List.of(acme, globex)));
  private final OrganisationVerifiers verifiers = new OrganisationVerifiers(organisations::get);

  private boolean verifies(String owner, String secret) {
    return verifiers
        .of(owner)
        .orElseThrow()
        .verifier()
        .verifies(BODY, SignatureVerifier.sign(secret, BODY));
  }

  @Test
  void theOwnersOrganisationIsChosenWhateverTheCase() {
    assertThat(verifiers.of("ACME").orElseThrow().organisation()).isSameAs(acme);
    assertThat(verifiers.of("globex").orElseThrow().organisation()).isSameAs(globex);
  }

  @Test
  void onlyTheOwnersOrganisationsSecretsVerify() {
    assertThat(verifies("acme", "acme-old")).isTrue();
    assertThat(verifies("acme", "acme-new")).isTrue();
    assertThat(verifies("acme", "globex-secret")).isFalse();
    assertThat(verifies("globex", "globex-secret")).isTrue();
    assertThat(verifies("globex", "acme-new")).isFalse();
  }

  @Test
  void anOwnerNoOrganisationServesHasNoSigners() {
    assertThat(verifiers.of("initech")).isEmpty();
  }

  @Test
  void withoutAnOwnerEveryOrganisationsSecretVerifies() {
    OrganisationVerifiers.Signers any = verifiers.of(null).orElseThrow();

    assertThat(any.organisation()).isNull();
    assertThat(verifies(null, "acme-old")).isTrue();
    assertThat(verifies(null, "globex-secret")).isTrue();
    assertThat(verifies(null, "initech-secret")).isFalse();
  }

  @Test
  void theCatchAllOrganisationOfASetupWithoutAFileServesEveryOwner() {
    organisations.set(TestOrganisations.anyOwner("shared"));

    assertThat(verifiers.of("anyone").orElseThrow().organisation().isAnyOwner()).isTrue();
    assertThat(verifies("anyone", "shared")).isTrue();
    assertThat(verifies("anyone", "acme-old")).isFalse();
  }

  @Test
  void verifiersAreMadeOncePerOrganisationAndAgainAfterAReload() {
    SignatureVerifier first = verifiers.of("acme").orElseThrow().verifier();
    assertThat(verifiers.of("acme").orElseThrow().verifier()).isSameAs(first);

    organisations.set(
        new Organisations(
            List.of(TestOrganisations.organisation("acme", List.of("acme-rotated"), "*"))));

    assertThat(verifiers.of("acme").orElseThrow().verifier()).isNotSameAs(first);
    assertThat(verifies("acme", "acme-rotated")).isTrue();
    assertThat(verifies("acme", "acme-new")).isFalse();
    assertThat(verifiers.of("globex")).isEmpty();
  }

  @Test
  void anEmptySecretStopsItAtStart() {
    assertThatThrownBy(() -> new OrganisationVerifiers(() -> TestOrganisations.anyOwner("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty webhook secret");
  }
}
