package dev.slipway.platform.organisations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the status-reporter, the one service that talks to GitHub, leaves each organisation's
 * current git token for the task-compiler's fetch and the runner's clone: one file per owner,
 * readable by the owner of the process only, replaced atomically when the token is renewed. On the
 * local stack it is a folder of the state folder; on Kubernetes, a Secret the reporter writes and
 * the other two mount. The token never travels in Kafka, a log line, a URL or a task.
 */
public final class CredentialsFolder {

  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}");

  private final Path folder;

  public CredentialsFolder(Path folder) {
    this.folder = folder;
  }

  /** The git token of {@code owner}, if the reporter left one. */
  public Optional<String> token(String owner) {
    try {
      String token = Files.readString(file(owner), StandardCharsets.UTF_8).strip();
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    } catch (NoSuchFileException | IllegalArgumentException none) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the git token of " + owner, e);
    }
  }

  /** Leaves {@code token} as the git token of {@code owner}, replacing the previous one. */
  public void write(String owner, String token) throws IOException {
    Files.createDirectories(folder);
    Path temporary =
        Files.createTempFile(
            folder,
            ".token-",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temporary, token, StandardCharsets.UTF_8);
      try {
        Files.move(temporary, file(owner), StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file(owner), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The file of {@code owner}'s token; the owner is checked so that it cannot name a path. */
  private Path file(String owner) {
    if (owner == null || !OWNER.matcher(owner).matches()) {
      throw new IllegalArgumentException("not a GitHub login: " + owner);
    }
    return folder.resolve(owner.toLowerCase(Locale.ROOT) + ".token");
  }
}
