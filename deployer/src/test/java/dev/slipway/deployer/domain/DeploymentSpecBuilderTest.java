package dev.slipway.deployer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.deployer.domain.DeploymentSpec.Probe;
import dev.slipway.events.DeployDefinition;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeploymentSpecBuilderTest {

  @Test
  void buildsTheDeploymentOfARelease() {
    DeploymentSpec spec =
        DeploymentSpecBuilder.build(Releases.pushed("4711", "eu-1", Releases.shop()), "shop-prod");

    assertThat(spec.name()).isEqualTo("shop");
    assertThat(spec.namespace()).isEqualTo("shop-prod");
    assertThat(spec.image()).isEqualTo("registry.test:5000/acme/shop@" + Releases.DIGEST);
    assertThat(spec.replicas()).isEqualTo(2);
    assertThat(spec.containerPort()).isEqualTo(8080);
    assertThat(spec.selector()).isEqualTo(Map.of("app", "shop"));
    assertThat(spec.labels())
        .isEqualTo(Map.of("app", "shop", "slipway.release", "4711", "slipway.repo", "acme.shop"));
    assertThat(spec.annotations())
        .isEqualTo(Map.of("slipway.dev/release", "4711", "slipway.dev/repo", "acme/shop"));
    assertThat(spec.repository()).isEqualTo("acme/shop");
    assertThat(spec.datacenter()).isEqualTo("eu-1");
    assertThat(spec.releaseNumber()).isEqualTo(7);
    assertThat(spec.readiness()).isEqualTo(new Probe("/healthz", 8080, 0, 5, 3));
    assertThat(spec.liveness().path()).isEqualTo("/healthz");
    assertThat(spec.liveness().port()).isEqualTo(8080);
    assertThat(spec.liveness().initialDelaySeconds()).isPositive();
  }

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource({
    "acme/shop, acme.shop",
    "Acme-Corp/My_Repo.js, Acme-Corp.My_Repo.js",
    "org/répo, org.r-po",
    "-/lead/-, lead",
    "release 12:34, release-12-34",
  })
  void makesLabelValuesValid(String text, String label) {
    assertThat(LabelValues.sanitize(text)).isEqualTo(label);
  }

  @Test
  void cutsLabelValuesTo63CharactersEndingAlphanumeric() {
    String label = LabelValues.sanitize("o/" + "a".repeat(59) + "-.-b");
    assertThat(label)
        .hasSizeLessThanOrEqualTo(63)
        .matches("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Shop_Service | 2 | 8080 | /healthz | service 'Shop_Service' must be 1-63 lowercase letters",
        "shop | 0 | 8080 | /healthz | replicas must be at least 1, not 0",
        "shop | 2 | 0 | /healthz | port must be between 1 and 65535, not 0",
        "shop | 2 | 70000 | /healthz | port must be between 1 and 65535, not 70000",
        "shop | 2 | 8080 | healthz | healthPath must start with '/', not 'healthz'",
      })
  void rejectsAnInvalidDefinitionSayingWhy(
      String service, int replicas, int port, String path, String problem) {
    DeployDefinition deploy = new DeployDefinition(service, replicas, port, path);
    assertThatThrownBy(
            () -> DeploymentSpecBuilder.build(Releases.pushed("1", "eu-1", deploy), "default"))
        .isInstanceOf(InvalidDeployDefinitionException.class)
        .hasMessageStartingWith("invalid deploy definition: ")
        .hasMessageContaining(problem);
  }

  @Test
  void listsEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                DeploymentSpecBuilder.build(
                    Releases.pushed("1", "eu-1", " ", "latest", null), "default"))
        .hasMessage(
            "invalid deploy definition: the image is missing; the image digest 'latest' is not of the form"
                + " algorithm:hex; the release has no deploy section");
  }
}
