package dev.slipway.reporter.domain;

import java.io.IOException;

/**
 * Starts a reporter for a test: its journal loaded and its writer on a thread of its own, not
 * supervised (the supervised writer has tests of its own: {@code StatusWriterSupervisionTest}).
 */
public final class ReporterThreads {

  private ReporterThreads() {}

  /** Loads the journal and starts writing; {@link StatusReporter#close()} stops the writer. */
  public static StatusReporter started(StatusReporter reporter) throws IOException {
    reporter.start();
    Thread writer = new Thread(reporter.writer(), "github-status-writer");
    writer.setDaemon(true);
    writer.start();
    return reporter;
  }
}
