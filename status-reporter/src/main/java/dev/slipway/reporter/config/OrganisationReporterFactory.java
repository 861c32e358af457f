package dev.slipway.reporter.config;

import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.workers.Worker;
import dev.slipway.reporter.domain.GitHubWrite;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.reporter.domain.PerOrganisation;
import dev.slipway.reporter.domain.Report;
import dev.slipway.reporter.domain.StatusReporter;
import dev.slipway.reporter.domain.WriteBudget;
import dev.slipway.reporter.github.GitHubCommitStatuses;
import dev.slipway.reporter.github.GitHubDeployments;
import dev.slipway.reporter.github.OrganisationClient;
import dev.slipway.reporter.state.JsonLinesStatusJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an organisation's {@link OrganisationReporter}: its client presents its credentials, its
 * writes are within its own budget and journaled in its own journal, and its own supervised writer
 * writes them, so one organisation waiting for its budget or refused by GitHub never holds back
 * another. A changed organisation keeps its reporter and takes the new credentials and budget.
 */
final class OrganisationReporterFactory implements PerOrganisation.Factory<OrganisationReporter> {

  private static final Logger LOG = LoggerFactory.getLogger(OrganisationReporterFactory.class);

  /** What every organisation's reporter shares. */
  record Shared(
      String apiUrl,
      Path stateDir,
      Duration stateRetention,
      Duration firstBackoff,
      Duration maxBackoff,
      double renewWhenLeft,
      Clock clock) {}

  private final Shared shared;
  private final ReporterMetrics metrics;
  private final BiConsumer<String, Supplier<Worker>> startWorker;
  private final List<OrganisationReporter> made = new CopyOnWriteArrayList<>();
  private final List<JsonLinesStatusJournal> journals = new CopyOnWriteArrayList<>();

  /**
   * @param startWorker starts a supervised worker by name (the platform's {@code Workers})
   */
  OrganisationReporterFactory(
      Shared shared, ReporterMetrics metrics, BiConsumer<String, Supplier<Worker>> startWorker) {
    this.shared = shared;
    this.metrics = metrics;
    this.startWorker = startWorker;
  }

  @Override
  public OrganisationReporter create(Organisation organisation) {
    try {
      OrganisationClient client =
          new OrganisationClient(
              organisation.name(),
              shared.apiUrl(),
              organisation.credentials(),
              shared.clock(),
              shared.renewWhenLeft());
      JsonLinesStatusJournal journal =
          new JsonLinesStatusJournal(
              stateDirOf(organisation), shared.stateRetention(), shared.clock());
      journals.add(journal);
      StatusReporter reporter =
          new StatusReporter(
              new GitHubCommitStatuses(client.repositories()),
              new GitHubDeployments(client.repositories(), client.authorization()),
              journal,
              new WriteBudget(OrganisationReporter.limits(organisation.writeBudget())),
              shared.clock(),
              shared.firstBackoff(),
              shared.maxBackoff(),
              listener(client));
      reporter.start();
      OrganisationReporter unit = new OrganisationReporter(organisation, client, reporter);
      made.add(unit);
      metrics.watch(organisation.name(), reporter);
      startWorker.accept(writerName(organisation), () -> new StatusWriterWorker(reporter));
      LOG.info(
          "organisation {}: {} credentials, {} writes a minute, {} an hour",
          organisation.name(),
          client.credentialKind(),
          organisation.writeBudget().perMinute(),
          organisation.writeBudget().perHour());
      return unit;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot set up organisation " + organisation.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void changed(OrganisationReporter unit, Organisation organisation) {
    unit.changed(organisation);
    LOG.info(
        "organisation {} changed: {} credentials, {} writes a minute, {} an hour",
        organisation.name(),
        unit.client().credentialKind(),
        organisation.writeBudget().perMinute(),
        organisation.writeBudget().perHour());
  }

  /**
   * Stops every reporter made, waiting for the write in progress so its journal line lands before
   * the journal closes.
   */
  void close() throws IOException, InterruptedException {
    for (OrganisationReporter unit : made) {
      unit.reporter().close();
    }
    for (JsonLinesStatusJournal journal : journals) {
      journal.close();
    }
  }

  /** Counts every write, and tells the client its credentials work. */
  private StatusReporter.Listener listener(OrganisationClient client) {
    StatusReporter.Listener counted = metrics.writes();
    return new StatusReporter.Listener() {
      @Override
      public void written(Report report, GitHubWrite write) {
        counted.written(report, write);
        client.accepted();
      }

      @Override
      public void failed(Report report, GitHubWrite write, GitHubWriteException.Kind kind) {
        counted.failed(report, write, kind);
      }
    };
  }

  /**
   * The catch-all organisation keeps the state directory's own journal, as before organisations
   * were configured; a named one has a folder of its own.
   */
  private Path stateDirOf(Organisation organisation) {
    return organisation.isAnyOwner()
        ? shared.stateDir()
        : shared
            .stateDir()
            .resolve("organisations")
            .resolve(organisation.name().toLowerCase(Locale.ROOT));
  }

  private static String writerName(Organisation organisation) {
    return organisation.isAnyOwner()
        ? StatusWriterWorker.NAME
        : StatusWriterWorker.NAME + "-" + organisation.name().toLowerCase(Locale.ROOT);
  }
}
