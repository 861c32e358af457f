package dev.slipway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.platform.runtime.OrganisationSettings;
import io.quarkus.runtime.configuration.MemorySize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayBeansTest {

  private static WebhookSettings webhookSecrets(Optional<List<String>> secrets) {
    return new WebhookSettings() {
      @Override
      public Optional<List<String>> secrets() {
        return secrets;
      }

      @Override
      public MemorySize maxBytesInFlight() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Dedupe dedupe() {
        throw new UnsupportedOperationException();
      }
    };
  }

  private static OrganisationSettings withoutFile() {
    return new OrganisationSettings() {
      @Override
      public Optional<Path> file() {
        return Optional.empty();
      }

      @Override
      public Duration checkInterval() {
        return Duration.ofSeconds(5);
      }
    };
  }

  @Test
  void withoutAnOrganisationsFileTheSecretsSettingServesEveryOwner() {
    var verifiers =
        new GatewayBeans().verifiers(webhookSecrets(Optional.of(List.of("s3cret"))), withoutFile());

    assertThat(verifiers.of("anyone").orElseThrow().organisation().isAnyOwner()).isTrue();
  }

  @Test
  void withNeitherAFileNorSecretsTheGatewayDoesNotStart() {
    assertThatThrownBy(
            () -> new GatewayBeans().verifiers(webhookSecrets(Optional.empty()), withoutFile()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "no webhook secret: set slipway.organisations.file (each organisation's"
                + " webhook-secret-files) or slipway.webhook.secrets");
  }
}
