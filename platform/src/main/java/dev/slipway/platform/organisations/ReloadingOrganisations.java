package dev.slipway.platform.organisations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organisations of a file that the platform team may change at any time: each read looks, at
 * most once per {@code checkEvery}, whether the file or a file it names changed, and reads it
 * again. A changed file that cannot be used is reported once and the previous organisations stay.
 */
public final class ReloadingOrganisations implements Supplier<Organisations> {

  private static final Logger LOG = LoggerFactory.getLogger(ReloadingOrganisations.class);

  private final Path file;
  private final Duration checkEvery;
  private final Clock clock;
  private final boolean withSecrets;
  private volatile Organisations current;
  private List<Stamp> stamps;
  private Instant checkedAt;
  private String reportedProblem;

  private record Stamp(Path path, FileTime modified, long size) {}

  /**
   * Reads {@code file} now, with the secret files it names when {@code withSecrets} (see {@link
   * OrganisationsFile#load(Path, boolean)}). The stamps of what it read (the file first) tell later
   * whether anything changed.
   *
   * @throws OrganisationsFile.InvalidOrganisationsException when it cannot be used: a service does
   *     not start on a file it cannot read
   */
  public ReloadingOrganisations(Path file, Duration checkEvery, Clock clock, boolean withSecrets)
      throws OrganisationsFile.InvalidOrganisationsException {
    this.file = file;
    this.checkEvery = checkEvery;
    this.clock = clock;
    this.withSecrets = withSecrets;
    OrganisationsFile.Loaded loaded = OrganisationsFile.load(file, withSecrets);
    this.current = loaded.organisations();
    this.stamps = stamps(loaded.files());
    this.checkedAt = clock.instant();
    LOG.info("organisations: {} from {}", names(current), file);
  }

  @Override
  public Organisations get() {
    reloadIfChanged();
    return current;
  }

  /** The problem of the file as it is now, if it could not be used when last read. */
  public synchronized String problem() {
    return reportedProblem;
  }

  private synchronized void reloadIfChanged() {
    Instant now = clock.instant();
    if (now.isBefore(checkedAt.plus(checkEvery))) {
      return;
    }
    checkedAt = now;
    if (stamps(stamps.stream().map(Stamp::path).toList()).equals(stamps)) {
      return;
    }
    try {
      OrganisationsFile.Loaded loaded = OrganisationsFile.load(file, withSecrets);
      current = loaded.organisations();
      stamps = stamps(loaded.files());
      reportedProblem = null;
      LOG.info("organisations reloaded: {} from {}", names(current), file);
    } catch (OrganisationsFile.InvalidOrganisationsException e) {
      // The stamps stay, so the file is read again at the next check until it can be used.
      if (!e.getMessage().equals(reportedProblem)) {
        reportedProblem = e.getMessage();
        LOG.error("organisations file not reloaded, the previous one stays: {}", e.getMessage());
      }
    }
  }

  private static List<Stamp> stamps(List<Path> paths) {
    List<Stamp> stamps = new ArrayList<>();
    for (Path path : paths) {
      try {
        stamps.add(new Stamp(path, Files.getLastModifiedTime(path), Files.size(path)));
      } catch (IOException gone) {
        stamps.add(new Stamp(path, FileTime.fromMillis(0), -1));
      }
    }
    return stamps;
  }

  private static String names(Organisations organisations) {
    return String.join(", ", organisations.all().stream().map(Organisation::name).toList());
  }
}
