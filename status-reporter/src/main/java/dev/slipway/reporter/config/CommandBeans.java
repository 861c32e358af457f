package dev.slipway.reporter.config;

import dev.slipway.reporter.commands.Membership;
import dev.slipway.reporter.commands.PullRequestCommands;
import dev.slipway.reporter.commands.PullRequestGitHub;
import dev.slipway.reporter.domain.StatusReporter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Assembles the pull-request commands. */
@ApplicationScoped
public class CommandBeans {

  /**
   * Reactions and replies are taken from the reporter's one write budget, the statuses' own, for
   * every repository.
   */
  @Produces
  @Singleton
  PullRequestCommands commands(
      PullRequestGitHub github,
      StatusReporter reporter,
      ReporterSettings settings,
      Clock clock,
      MeterRegistry meters) {
    return new PullRequestCommands(
        github,
        new Membership(github, clock, settings.commands().membershipCache()),
        repository -> reporter.sharedBudget(),
        new CommandMetrics(meters));
  }
}
