package dev.slipway.reporter.kafka;

import dev.slipway.events.Envelope;
import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookReceived;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.kafka.RetryableException;
import dev.slipway.reporter.commands.CommandDecision;
import dev.slipway.reporter.commands.PullRequestCommands;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.reporter.domain.HeadApproval;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides about the forks' pull requests and command comments on {@code slipway.webhook}, publishes
 * the accepted commands there (keyed by the repository, with the delivery's correlation id) and
 * then answers them on GitHub.
 */
@ApplicationScoped
class PullRequestCommandIntake {

  private final PullRequestCommands commands;
  private final EventPublisher publisher;
  private final Clock clock;
  private final String source;

  PullRequestCommandIntake(
      PullRequestCommands commands,
      EventPublisher publisher,
      Clock clock,
      @ConfigProperty(name = "quarkus.application.name") String applicationName) {
    this.commands = commands;
    this.publisher = publisher;
    this.clock = clock;
    this.source = "/slipway/" + applicationName;
  }

  /**
   * @return the fork's head to show as waiting or approved, if the event is about one
   * @throws RetryableException GitHub did not answer: the event is handed over again later
   */
  Optional<HeadApproval> handle(Envelope<?> envelope) {
    if (!(envelope.data() instanceof WebhookReceived webhook)) {
      return Optional.empty();
    }
    Optional<CommandDecision> decision;
    try {
      decision = commands.decide(webhook);
    } catch (GitHubWriteException e) {
      throw new RetryableException(
          "cannot check "
              + webhook.event()
              + " "
              + envelope.id()
              + " with GitHub: "
              + e.getMessage(),
          e);
    }
    if (decision.isEmpty()) {
      return Optional.empty();
    }
    decision.get().command().ifPresent(command -> publish(envelope, command));
    commands.answer(decision.get());
    return decision.get().approval();
  }

  /**
   * The envelope's id is derived from the command, so that handing the same delivery over again
   * publishes the same event.
   */
  private void publish(Envelope<?> cause, PullRequestCommand command) {
    String id =
        UUID.nameUUIDFromBytes(
                ("pull-request-command:" + command.repository() + ":" + command.commandId())
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    publisher.publish(
        Topics.WEBHOOK, Envelope.causedBy(cause, id, source, clock.instant(), command));
  }
}
