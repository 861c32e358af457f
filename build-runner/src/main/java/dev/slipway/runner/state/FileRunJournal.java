package dev.slipway.runner.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.json.EventJson;
import dev.slipway.runner.domain.RunJournal;
import dev.slipway.runner.domain.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One small JSON file per run, replaced atomically, so a crash leaves the old or the new record. */
public final class FileRunJournal implements RunJournal {

  private static final Logger LOG = LoggerFactory.getLogger(FileRunJournal.class);
  private static final ObjectMapper JSON = EventJson.mapper();

  private final Path folder;

  public FileRunJournal(Path folder) {
    this.folder = folder;
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the run journal folder " + folder, e);
    }
  }

  @Override
  public void save(RunRecord record) {
    Path target = file(record.runId());
    Path temporary = folder.resolve(target.getFileName() + ".tmp");
    try {
      JSON.writeValue(temporary.toFile(), record);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot journal run " + record.runId(), e);
    }
  }

  @Override
  public Optional<RunRecord> find(String runId) {
    if (!RunFiles.isSafe(runId)) {
      return Optional.empty();
    }
    return read(file(runId));
  }

  @Override
  public List<RunRecord> unfinished() {
    List<RunRecord> records = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      files.filter(file -> file.getFileName().toString().endsWith(".json"))
          .sorted()
          .forEach(file -> read(file).filter(record -> !record.state().isTerminal()).ifPresent(records::add));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the run journal " + folder, e);
    }
    records.sort((a, b) -> a.queuedAt().compareTo(b.queuedAt()));
    return records;
  }

  private Optional<RunRecord> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), RunRecord.class));
    } catch (IOException e) {
      LOG.error("unreadable run journal entry {}, ignoring it", file.getFileName(), e);
      return Optional.empty();
    }
  }

  private Path file(String runId) {
    return folder.resolve(RunFiles.checked(runId) + ".json");
  }
}
