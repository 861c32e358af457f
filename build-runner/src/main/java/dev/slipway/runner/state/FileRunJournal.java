package dev.slipway.runner.state;

import dev.slipway.runner.domain.RunJournal;
import dev.slipway.runner.domain.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One small JSON file per run, replaced atomically ({@link JsonFiles}), so a crash leaves the old
 * or the new record.
 */
public final class FileRunJournal implements RunJournal {

  private final Path folder;

  public FileRunJournal(Path folder) {
    this.folder = JsonFiles.folder(folder);
  }

  @Override
  public void save(RunRecord record) {
    JsonFiles.write(file(record.runId()), record);
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
      files
          .filter(file -> file.getFileName().toString().endsWith(".json"))
          .sorted()
          .forEach(
              file ->
                  read(file)
                      .filter(record -> !record.state().isTerminal())
                      .ifPresent(records::add));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the run journal " + folder, e);
    }
    records.sort((a, b) -> a.queuedAt().compareTo(b.queuedAt()));
    return records;
  }

  private Optional<RunRecord> read(Path file) {
    return JsonFiles.read(file, RunRecord.class);
  }

  private Path file(String runId) {
    return folder.resolve(RunFiles.checked(runId) + ".json");
  }
}
