package dev.slipway.reporter.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.reporter.domain.RecoveryState;
import dev.slipway.reporter.domain.RecoveryStateStore;
import dev.slipway.reporter.domain.WatchedHook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The delivery recovery's state as one small JSON file in the reporter's state directory, replaced
 * whole on every save: written to a temporary file, forced to disk and moved over the old one, so a
 * crash leaves either the old state or the new one. One file per watched hook: {@code
 * delivery-recovery.json} for the App's, {@code delivery-recovery-repo-acme-shop-3.json} and the
 * like for the others.
 */
public final class JsonRecoveryStateStore implements RecoveryStateStore {

  private final ObjectMapper json = new ObjectMapper();
  private final Path file;
  private final Path next;

  public JsonRecoveryStateStore(Path directory, WatchedHook hook) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the state directory " + directory, e);
    }
    String name =
        hook.kind() == WatchedHook.Kind.APP
            ? "delivery-recovery.json"
            : "delivery-recovery-" + hook.slug() + ".json";
    this.file = directory.resolve(name);
    this.next = directory.resolve(name + ".next");
  }

  @Override
  public RecoveryState load() {
    if (!Files.exists(file)) {
      return RecoveryState.NONE;
    }
    try {
      JsonNode saved = json.readTree(file.toFile());
      Map<String, RecoveryState.Asked> asked = new HashMap<>();
      saved
          .path("asked")
          .fields()
          .forEachRemaining(
              entry ->
                  asked.put(
                      entry.getKey(),
                      new RecoveryState.Asked(
                          Instant.parse(entry.getValue().path("at").asText()),
                          entry.getValue().path("times").asInt())));
      Instant checkpointAt =
          saved.hasNonNull("checkpointAt")
              ? Instant.parse(saved.get("checkpointAt").asText())
              : null;
      return new RecoveryState(checkpointAt, saved.path("checkpointId").asLong(), asked);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the delivery recovery state " + file, e);
    }
  }

  @Override
  public void save(RecoveryState state) {
    ObjectNode node = json.createObjectNode();
    node.put("checkpointAt", state.checkpointAt() == null ? null : state.checkpointAt().toString());
    node.put("checkpointId", state.checkpointId());
    ObjectNode asked = node.putObject("asked");
    state
        .asked()
        .forEach(
            (guid, last) ->
                asked.putObject(guid).put("at", last.at().toString()).put("times", last.times()));
    try (FileChannel channel =
        FileChannel.open(
            next,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(json.writeValueAsBytes(node)));
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the delivery recovery state " + next, e);
    }
    try {
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace the delivery recovery state " + file, e);
    }
  }
}
