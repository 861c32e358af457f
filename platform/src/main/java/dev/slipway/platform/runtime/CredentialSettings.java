package dev.slipway.platform.runtime;

import dev.slipway.platform.organisations.CredentialsFolder;
import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the status-reporter hands git tokens to the task-compiler and the runner ({@code
 * slipway.credentials.*}).
 */
@ConfigMapping(prefix = "slipway.credentials")
public interface CredentialSettings {

  /** The folder of one token file per organisation; none: repositories are read anonymously. */
  Optional<Path> dir();

  default Optional<CredentialsFolder> folder() {
    return dir().map(CredentialsFolder::new);
  }
}
