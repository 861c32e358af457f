package dev.slipway.platform.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;

/**
 * A service's account on its registry (the runner's for its pushes, the deployer's for its pulls);
 * tasks never see it.
 */
public record RegistryCredentials(String username, String password) {

  /**
   * Both settings or neither: a user name without a password (or the reverse) is a mistake, refused
   * at start.
   *
   * @param settings the settings' common prefix, e.g. {@code slipway.runner.registry}, for the
   *     message
   */
  public static Optional<RegistryCredentials> of(
      Optional<String> username, Optional<String> password, String settings) {
    if (username.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException(
          settings + "-username and " + settings + "-password go together: set both or neither");
    }
    return username.map(name -> new RegistryCredentials(name, password.orElseThrow()));
  }

  /**
   * The value of an HTTP {@code Authorization} header (Basic, as an htpasswd registry asks for).
   */
  public String authorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes a containers-auth.json for {@code registry} that only the runner's user can read, the
   * way podman's {@code --authfile} reads it, and returns it.
   */
  public Path writeAuthFile(Path file, String registry) throws IOException {
    Files.createDirectories(file.getParent());
    Path temporary =
        Files.createTempFile(
            file.getParent(),
            "auth",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      String auth = authorization().substring("Basic ".length());
      Files.writeString(
          temporary,
          "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}\n",
          StandardCharsets.UTF_8);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=***]";
  }
}
