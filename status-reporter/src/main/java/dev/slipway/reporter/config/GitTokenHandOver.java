package dev.slipway.reporter.config;

import dev.slipway.platform.organisations.CredentialsFolder;
import dev.slipway.platform.workers.Worker;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves each organisation's git token in the {@link CredentialsFolder} for the task-compiler's
 * fetch and the runner's clone: its token as it is, or its App's installation token, renewed here
 * before it expires. A pass runs at start, then every interval, and as soon as the catch-all
 * organisation serves a new owner; a file is replaced only when its token changed. Log lines name
 * the organisation and owner, never the token.
 */
final class GitTokenHandOver implements Worker {

  static final String NAME = "git-token-hand-over";
  private static final Logger LOG = LoggerFactory.getLogger(GitTokenHandOver.class);

  private final OrganisationReporters organisations;
  private final CredentialsFolder folder;
  private final Duration interval;
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean closed;

  /** The token written last per owner, so an unchanged one is not written again. */
  private final Map<String, String> written = new HashMap<>();

  /** The problem logged last per organisation, so a lasting one is logged once. */
  private final Map<String, String> problems = new HashMap<>();

  GitTokenHandOver(
      OrganisationReporters organisations, CredentialsFolder folder, Duration interval) {
    this.organisations = organisations;
    this.folder = folder;
    this.interval = interval;
    organisations.onNewOwnerServed(wake::release);
  }

  @Override
  public void run() {
    try {
      while (!closed) {
        pass();
        wake.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void pass() {
    for (OrganisationReporter organisation : organisations.all()) {
      if (organisation.gitOwners().isEmpty()) {
        continue;
      }
      try {
        Optional<String> token = organisation.client().gitToken();
        if (token.isPresent()) {
          for (String owner : organisation.gitOwners()) {
            handOver(organisation, owner, token.get());
          }
        }
        if (problems.remove(organisation.name()) != null) {
          LOG.info("git token of organisation {} handed over again", organisation.name());
        }
      } catch (IOException | IllegalArgumentException e) {
        String problem = e.getMessage();
        if (!problem.equals(problems.put(organisation.name(), problem))) {
          LOG.error(
              "cannot hand over the git token of organisation {}, the previous one stays: {}",
              organisation.name(),
              problem);
        }
      }
    }
  }

  private void handOver(OrganisationReporter organisation, String owner, String token)
      throws IOException {
    if (token.equals(written.get(owner))) {
      return;
    }
    folder.write(owner, token);
    written.put(owner, token);
    LOG.info(
        "git token of organisation {} ({}) handed over for owner {}",
        organisation.name(),
        organisation.client().credentialKind(),
        owner);
  }

  @Override
  public void close() {
    closed = true;
    wake.release();
  }
}
