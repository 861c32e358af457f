package dev.slipway.runner.secrets;

import dev.slipway.runner.domain.SecretSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secrets folder of the local stack ({@code slipway.secrets.dir}): one file per secret, its
 * content the value (one trailing line break dropped). {@code <dir>/<owner>/<repo>/<NAME>} is the
 * repository's own and wins over {@code <dir>/<owner>/<NAME>}, the organisation's. Owner and
 * repository are lower-cased (GitHub's names are case-insensitive). A name, owner or repository
 * that could leave its folder names no secret.
 */
public final class FolderSecrets implements SecretSource {

  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}");
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private final Path folder;

  public FolderSecrets(Path folder) {
    this.folder = folder;
  }

  @Override
  public Optional<String> value(String repository, String name) {
    int slash = repository.indexOf('/');
    if (slash < 0 || name == null || !NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    String owner = repository.substring(0, slash);
    String repo = repository.substring(slash + 1);
    if (!OWNER.matcher(owner).matches()
        || !REPOSITORY.matcher(repo).matches()
        || repo.equals(".")
        || repo.equals("..")) {
      return Optional.empty();
    }
    Path ownerFolder = folder.resolve(owner.toLowerCase(Locale.ROOT));
    return read(ownerFolder.resolve(repo.toLowerCase(Locale.ROOT)).resolve(name))
        .or(() -> read(ownerFolder.resolve(name)));
  }

  private static Optional<String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String value = Files.readString(file, StandardCharsets.UTF_8);
      if (value.endsWith("\n")) {
        value = value.substring(0, value.length() - (value.endsWith("\r\n") ? 2 : 1));
      }
      return Optional.of(value);
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a secret of the secrets folder", e);
    }
  }
}
