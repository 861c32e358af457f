package dev.slipway.compiler.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.compiler.domain.UnreachableRepositories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiler's memory of unreachable repositories as one small JSON file next to its git caches,
 * replaced whole on every save (written aside, moved over the old one), so a crash leaves the old
 * memory or the new one. It is not forced to disk: a burst of a thousand events of an unreachable
 * repository saves it a thousand times, and losing the last saves to a power cut costs only a few
 * retries. A file that cannot be read or written is logged and the compiler goes on with what it
 * has in memory, never failing an event for it.
 */
public final class JsonUnreachableRepositoriesStore implements UnreachableRepositories.Store {

  static final String FILE_NAME = "unreachable-repositories.json";

  private static final Logger LOG = LoggerFactory.getLogger(JsonUnreachableRepositoriesStore.class);

  private final ObjectMapper json = new ObjectMapper();
  private final Path file;
  private final Path next;

  public JsonUnreachableRepositoriesStore(Path directory) {
    this.file = directory.resolve(FILE_NAME);
    this.next = directory.resolve(FILE_NAME + ".next");
  }

  @Override
  public UnreachableRepositories.Snapshot load() {
    if (!Files.exists(file)) {
      return UnreachableRepositories.Snapshot.EMPTY;
    }
    try {
      JsonNode saved = json.readTree(file.toFile());
      Map<String, Integer> failedTries = new HashMap<>();
      saved
          .path("failedTries")
          .fields()
          .forEachRemaining(entry -> failedTries.put(entry.getKey(), entry.getValue().asInt()));
      Map<String, UnreachableRepositories.Failure> givenUp = new HashMap<>();
      saved
          .path("givenUp")
          .fields()
          .forEachRemaining(
              entry ->
                  givenUp.put(
                      entry.getKey(),
                      new UnreachableRepositories.Failure(
                          Instant.parse(entry.getValue().path("at").asText()),
                          entry.getValue().path("problem").asText())));
      LOG.info("remembered unreachable repositories {} from {}", givenUp.keySet(), file);
      return new UnreachableRepositories.Snapshot(failedTries, givenUp);
    } catch (IOException | DateTimeParseException e) {
      LOG.warn(
          "cannot read {}, starting without the memory of unreachable repositories: {}",
          file,
          e.getMessage());
      return UnreachableRepositories.Snapshot.EMPTY;
    }
  }

  @Override
  public void save(UnreachableRepositories.Snapshot snapshot) {
    ObjectNode node = json.createObjectNode();
    ObjectNode failedTries = node.putObject("failedTries");
    snapshot.failedTries().forEach(failedTries::put);
    ObjectNode givenUp = node.putObject("givenUp");
    snapshot
        .givenUp()
        .forEach(
            (repository, failure) ->
                givenUp
                    .putObject(repository)
                    .put("at", failure.at().toString())
                    .put("problem", failure.problem()));
    try {
      Files.createDirectories(file.getParent());
      Files.write(next, json.writeValueAsBytes(node));
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn(
          "cannot write {}, the memory of unreachable repositories lasts until a restart: {}",
          file,
          e.getMessage());
    }
  }
}
