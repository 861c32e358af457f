package dev.slipway.runner.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.platform.containers.Podman;
import dev.slipway.platform.containers.RegistryCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {

  private static final String REGISTRY = "registry.test:5000";

  @TempDir Path root;

  @Test
  void podmanPullsWithTheRunnersAccountFromAFileOnlyTheRunnerCanRead() throws Exception {
    TaskImages images =
        new TaskImages(
            REGISTRY,
            true,
            root.resolve("image-cache"),
            Optional.of(new RegistryCredentials("runner", "s3cret")));

    List<String> arguments = images.pullArguments();

    assertThat(arguments).hasSize(2).first().isEqualTo("--authfile");
    assertThat(String.join(" ", arguments))
        .as("the password never is a podman argument")
        .doesNotContain("s3cret");
    Path authFile = Path.of(arguments.get(1));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(authFile)))
        .isEqualTo("rw-------");
    Podman.Result login =
        new Podman(root.resolve("containers"))
            .call("login", "--get-login", "--authfile", authFile.toString(), REGISTRY);
    assertThat(login.stdout().strip()).as(login.stderr()).isEqualTo("runner");
  }

  @Test
  void withoutCredentialsPodmanGetsNoAuthFile() {
    assertThat(new TaskImages(REGISTRY, true, root.resolve("image-cache")).pullArguments())
        .isEmpty();
    assertThat(root.resolve("image-cache/registry-auth.json")).doesNotExist();
  }

  @Test
  void aUserNameWithoutPasswordIsRefusedAtStart() {
    assertThat(
            RegistryCredentials.of(Optional.empty(), Optional.empty(), "slipway.runner.registry"))
        .isEmpty();
    assertThat(
            RegistryCredentials.of(
                Optional.of("runner"), Optional.of("s3cret"), "slipway.runner.registry"))
        .contains(new RegistryCredentials("runner", "s3cret"));
    assertThatThrownBy(
            () ->
                RegistryCredentials.of(
                    Optional.of("runner"), Optional.empty(), "slipway.runner.registry"))
        .hasMessageContaining("slipway.runner.registry-password");
    assertThatThrownBy(
            () ->
                RegistryCredentials.of(
                    Optional.empty(), Optional.of("s3cret"), "slipway.runner.registry"))
        .hasMessageContaining("slipway.runner.registry-username");
  }

  @Test
  void theBasicHeaderCarriesTheAccountAndItsTextHidesThePassword() {
    RegistryCredentials credentials = new RegistryCredentials("runner", "s3cret");

    assertThat(credentials.authorization()).isEqualTo("Basic cnVubmVyOnMzY3JldA==");
    assertThat(credentials.toString()).contains("runner").doesNotContain("s3cret");
  }
}
