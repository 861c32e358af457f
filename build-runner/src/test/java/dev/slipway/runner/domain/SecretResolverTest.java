package dev.slipway.runner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testsupport.TaskPlans;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SecretResolverTest {

  private final Map<String, String> defined =
      Map.of("org/shop:deploy-key", "k3y-of-shop", "org/shop:npm-token", "npm-t0ken");
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private final SecretResolver resolver =
      new SecretResolver(
          (repository, name) -> {
            asked.add(repository + ":" + name);
            return Optional.ofNullable(defined.get(repository + ":" + name));
          });

  @Test
  void aTrustedRunGetsTheValuesOfTheSecretsItNames() throws Exception {
    TaskSecrets secrets =
        resolver.resolve(
            TaskPlans.taskPlanned()
                .repository("org/shop")
                .secrets(Map.of("DEPLOY_KEY", "deploy-key", "NPM_TOKEN", "npm-token"))
                .build());

    assertThat(secrets.environment())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("DEPLOY_KEY", "k3y-of-shop", "NPM_TOKEN", "npm-t0ken"));
    assertThat(secrets.masker().mask("k3y-of-shop npm-t0ken")).isEqualTo("*** ***");
    assertThat(secrets.toString()).doesNotContain("k3y-of-shop", "npm-t0ken");
  }

  @Test
  void aForkGetsNoSecretWhateverItsPlanNames() throws Exception {
    TaskSecrets secrets =
        resolver.resolve(
            TaskPlans.taskPlanned()
                .repository("org/shop")
                .fork()
                .secrets(Map.of("DEPLOY_KEY", "deploy-key"))
                .build());

    assertThat(secrets.isEmpty()).isTrue();
    assertThat(asked).as("the source is not even asked").isEmpty();
  }

  @Test
  void aSecretThatIsNotDefinedIsNamedWithTheRepositoryAndNothingElse() {
    assertThatThrownBy(
            () ->
                resolver.resolve(
                    TaskPlans.taskPlanned()
                        .repository("org/shop")
                        .secrets(Map.of("DEPLOY_KEY", "deploy-key", "AWS", "aws-key"))
                        .build()))
        .isInstanceOf(SecretResolver.SecretNotDefinedException.class)
        .hasMessage("secret aws-key is not defined for org/shop");
  }

  @Test
  void aRunWithoutSecretsAsksForNone() throws Exception {
    assertThat(resolver.resolve(TaskPlans.taskPlanned().build())).isSameAs(TaskSecrets.NONE);
    assertThat(asked).isEmpty();
  }
}
