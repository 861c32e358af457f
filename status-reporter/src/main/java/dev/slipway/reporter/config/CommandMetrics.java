package dev.slipway.reporter.config;

import dev.slipway.reporter.commands.CommandDecision;
import dev.slipway.reporter.commands.PullRequestCommands;
import dev.slipway.reporter.domain.GitHubWriteException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The pull-request commands' meters, every counter at 0 from the start: the commands by what they
 * were about and how they ended, and the reactions and replies among the reporter's GitHub writes.
 */
final class CommandMetrics implements PullRequestCommands.Listener {

  static final String COMMANDS = "slipway.reporter.commands";

  private final Map<String, Counter> commands = new HashMap<>();
  private final Map<String, Counter> writes = new HashMap<>();

  CommandMetrics(MeterRegistry meters) {
    for (CommandDecision.Subject subject : CommandDecision.Subject.values()) {
      for (CommandDecision.Outcome outcome : CommandDecision.Outcome.values()) {
        commands.put(
            subject.tag() + "/" + outcome.tag(),
            meters.counter(COMMANDS, "command", subject.tag(), "outcome", outcome.tag()));
      }
    }
    for (PullRequestCommands.Write write : PullRequestCommands.Write.values()) {
      writeCounter(meters, write, ReporterMetrics.WRITTEN);
      for (GitHubWriteException.Kind failure : GitHubWriteException.Kind.values()) {
        writeCounter(meters, write, tag(failure));
      }
    }
  }

  @Override
  public void decided(CommandDecision.Subject subject, CommandDecision.Outcome outcome) {
    commands.get(subject.tag() + "/" + outcome.tag()).increment();
  }

  @Override
  public void written(PullRequestCommands.Write write) {
    writes.get(tag(write) + "/" + ReporterMetrics.WRITTEN).increment();
  }

  @Override
  public void failed(PullRequestCommands.Write write, GitHubWriteException.Kind kind) {
    writes.get(tag(write) + "/" + tag(kind)).increment();
  }

  private void writeCounter(MeterRegistry meters, PullRequestCommands.Write write, String outcome) {
    writes.put(
        tag(write) + "/" + outcome,
        meters.counter(ReporterMetrics.WRITES, "kind", tag(write), "outcome", outcome));
  }

  private static String tag(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
