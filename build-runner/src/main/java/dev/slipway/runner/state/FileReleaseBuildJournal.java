package dev.slipway.runner.state;

import dev.slipway.runner.domain.ReleaseBuildJournal;
import dev.slipway.runner.domain.ReleaseBuildRecord;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One small JSON file per release, {@code <state-dir>/releases/<releaseId>.json}, replaced
 * atomically and synced.
 */
public final class FileReleaseBuildJournal implements ReleaseBuildJournal {

  private final Path folder;

  public FileReleaseBuildJournal(Path folder) {
    this.folder = JsonFiles.folder(folder);
  }

  @Override
  public void save(ReleaseBuildRecord record) {
    JsonFiles.write(file(record.releaseId()), record);
  }

  @Override
  public Optional<ReleaseBuildRecord> find(String releaseId) {
    if (!RunFiles.isSafe(releaseId)) {
      return Optional.empty();
    }
    return JsonFiles.read(file(releaseId), ReleaseBuildRecord.class);
  }

  private Path file(String releaseId) {
    return folder.resolve(RunFiles.checked(releaseId) + ".json");
  }
}
