package dev.slipway.reporter.kafka;

import dev.slipway.events.Envelope;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.ConsumedEvent;
import dev.slipway.platform.kafka.EventHandler;
import dev.slipway.platform.kafka.RetryableException;
import dev.slipway.platform.runtime.ConsumerLauncher;
import dev.slipway.reporter.domain.DesiredStatus;
import dev.slipway.reporter.domain.StatusMapping;
import dev.slipway.reporter.domain.StatusReporter;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Feeds every event that shows on GitHub to the reporter. The offset is committed after {@link
 * StatusReporter#report} returned, that is once the status is journaled (or known to change
 * nothing).
 */
@ApplicationScoped
public class StatusEventConsumer implements EventHandler {

  static final String GROUP = "status-reporter";
  static final List<Topic<?>> TOPICS = List.of(Topics.BUILD_JOB, Topics.TASK_SPEC, Topics.RELEASE);

  private final StatusReporter reporter;
  private final ConsumerLauncher launcher;

  StatusEventConsumer(StatusReporter reporter, ConsumerLauncher launcher) {
    this.reporter = reporter;
    this.launcher = launcher;
  }

  void onStart(@Observes StartupEvent event) throws IOException {
    reporter.start();
    launcher.start(GROUP, TOPICS, this);
  }

  @Override
  public void handle(ConsumedEvent<?> event) {
    Envelope<?> envelope = event.envelope();
    Optional<DesiredStatus> status =
        StatusMapping.statusFor(envelope.data(), envelope.time(), envelope.correlationId());
    if (status.isEmpty()) {
      return;
    }
    try {
      reporter.report(status.get());
    } catch (IOException e) {
      throw new RetryableException("cannot journal " + status.get().key() + ": " + e.getMessage(), e);
    }
  }
}
