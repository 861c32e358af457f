package dev.slipway.runner.registry;

import dev.slipway.runner.domain.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * The digest each tag was pushed with, as Jib's push returned it: one small file per tag, named by
 * the tag's SHA-256, replaced atomically. Only what this runner pushed is in here, so a digest read
 * from it names the runner's own image even when the tag in the registry has been overwritten
 * since.
 */
final class PushedDigests {

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private final Path folder;

  PushedDigests(Path folder) {
    this.folder = folder;
  }

  /**
   * The digest {@code reference} was pushed with, or null when this runner has no (readable) record
   * of it.
   */
  String digest(String reference) {
    try {
      String digest = Files.readString(file(reference), StandardCharsets.UTF_8).strip();
      return DIGEST.matcher(digest).matches() ? digest : null;
    } catch (IOException e) {
      return null;
    }
  }

  void record(String reference, String digest) throws IOException {
    Files.createDirectories(folder);
    Path temporary = Files.createTempFile(folder, "digest", ".tmp");
    try {
      Files.writeString(temporary, digest, StandardCharsets.UTF_8);
      Files.move(
          temporary,
          file(reference),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private Path file(String reference) {
    return folder.resolve(Sha256.hex(reference));
  }
}
