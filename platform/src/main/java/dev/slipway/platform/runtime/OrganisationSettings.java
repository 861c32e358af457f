package dev.slipway.platform.runtime;

import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import dev.slipway.platform.organisations.OrganisationsFile;
import dev.slipway.platform.organisations.ReloadingOrganisations;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which organisations Slipway serves ({@code slipway.organisations.*}); every service reads the
 * same file.
 */
@ConfigMapping(prefix = "slipway.organisations")
public interface OrganisationSettings {

  /**
   * The YAML file of organisations (see docs/organisations.md). Without it, every owner is served
   * with the service's own settings, as one organisation.
   */
  Optional<Path> file();

  /** How often the file (and the files it names) is checked for changes. */
  @WithDefault("5s")
  Duration checkInterval();

  /**
   * The organisations of the file, reloaded when it changes; or, without a file, {@code anyOwner}:
   * one organisation that serves every owner.
   */
  static Supplier<Organisations> organisations(
      OrganisationSettings settings, Supplier<Organisation> anyOwner) {
    return organisations(settings, anyOwner, true);
  }

  /**
   * The organisations without their secret material (webhook secrets, GitHub credentials), for the
   * services that hold no secret and need not be able to read the secret files.
   */
  static Supplier<Organisations> organisationsWithoutSecrets(OrganisationSettings settings) {
    return organisations(settings, Organisations::anyOwnerWithoutSecrets, false);
  }

  private static Supplier<Organisations> organisations(
      OrganisationSettings settings, Supplier<Organisation> anyOwner, boolean withSecrets) {
    Optional<Path> file = settings.file();
    if (file.isEmpty()) {
      Organisations fixed = new Organisations(List.of(anyOwner.get()));
      return () -> fixed;
    }
    try {
      return new ReloadingOrganisations(
          file.get(), settings.checkInterval(), Clock.systemUTC(), withSecrets);
    } catch (OrganisationsFile.InvalidOrganisationsException e) {
      throw new IllegalStateException(e.getMessage() + " (slipway.organisations.file)", e);
    }
  }
}
