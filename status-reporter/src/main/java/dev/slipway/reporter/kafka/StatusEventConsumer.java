package dev.slipway.reporter.kafka;

import dev.slipway.events.Envelope;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.ConsumedEvent;
import dev.slipway.platform.kafka.EventHandler;
import dev.slipway.platform.kafka.RetryableException;
import dev.slipway.platform.runtime.ConsumerLauncher;
import dev.slipway.reporter.domain.HeadApproval;
import dev.slipway.reporter.domain.StatusIntake;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Feeds every event that shows on GitHub to the reporter, after the pull-request commands had their
 * say (a fork's head shows what they decided). The offset is committed after the reporter decided,
 * that is once the status is journaled (or known to change nothing).
 */
@ApplicationScoped
public class StatusEventConsumer implements EventHandler {

  static final String GROUP = "status-reporter";
  static final List<Topic<?>> TOPICS =
      List.of(
          Topics.WEBHOOK,
          Topics.BUILD_JOB,
          Topics.TASK_SPEC,
          Topics.RELEASE,
          Topics.IMAGE_PUSHED,
          Topics.DEPLOYED,
          Topics.DEAD_LETTER);

  private final StatusIntake intake;
  private final PullRequestCommandIntake commands;
  private final ConsumerLauncher launcher;

  StatusEventConsumer(
      StatusIntake intake, PullRequestCommandIntake commands, ConsumerLauncher launcher) {
    this.intake = intake;
    this.commands = commands;
    this.launcher = launcher;
  }

  /**
   * Each organisation's reporter reads its journal when it is made (at start, or at its first
   * event), before it takes a status.
   */
  void onStart(@Observes StartupEvent event) {
    launcher.start(GROUP, TOPICS, this);
  }

  @Override
  public void handle(ConsumedEvent<?> event) {
    Envelope<?> envelope = event.envelope();
    Object data =
        DeadLetteredWebhooks.planningFailure(envelope)
            .map(Object.class::cast)
            .orElse(envelope.data());
    Optional<HeadApproval> approval = commands.handle(envelope);
    try {
      if (approval.isPresent()) {
        intake.offer(approval.get(), envelope.time(), envelope.correlationId());
      }
      intake.offer(data, envelope.time(), envelope.correlationId());
    } catch (IOException e) {
      throw new RetryableException(
          "cannot journal the status of event " + envelope.id() + ": " + e.getMessage(), e);
    }
  }
}
