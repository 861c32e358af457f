package dev.slipway.runner.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.json.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small JSON files replaced atomically (written aside, synced, moved over), so a crash leaves the
 * old or the new one.
 */
final class JsonFiles {

  private static final Logger LOG = LoggerFactory.getLogger(JsonFiles.class);
  private static final ObjectMapper JSON = EventJson.mapper();

  private JsonFiles() {}

  static Path folder(Path folder) {
    try {
      return Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder " + folder, e);
    }
  }

  static void write(Path target, Object value) {
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      JSON.writeValue(temporary.toFile(), value);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /** The file's value; empty when there is no file or it cannot be read (logged). */
  static <T> Optional<T> read(Path file, Class<T> type) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), type));
    } catch (IOException e) {
      LOG.error("unreadable state file {}, ignoring it", file, e);
      return Optional.empty();
    }
  }
}
