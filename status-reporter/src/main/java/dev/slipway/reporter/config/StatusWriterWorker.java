package dev.slipway.reporter.config;

import dev.slipway.platform.workers.Worker;
import dev.slipway.reporter.domain.StatusReporter;

/**
 * The reporter's writer as a supervised worker: every (re)start runs a fresh {@link
 * StatusReporter.Writer}, which goes on where the failed one stopped.
 */
final class StatusWriterWorker implements Worker {

  static final String NAME = "github-status-writer";

  private final StatusReporter.Writer writer;

  StatusWriterWorker(StatusReporter reporter) {
    this.writer = reporter.writer();
  }

  @Override
  public void run() {
    writer.run();
  }

  @Override
  public void close() {
    writer.close();
  }
}
