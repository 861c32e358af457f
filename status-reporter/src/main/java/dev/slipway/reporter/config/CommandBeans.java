package dev.slipway.reporter.config;

import dev.slipway.reporter.commands.Membership;
import dev.slipway.reporter.commands.PullRequestCommands;
import dev.slipway.reporter.commands.PullRequestGitHub;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Assembles the pull-request commands. */
@ApplicationScoped
public class CommandBeans {

  /**
   * Reactions and replies are taken from the write budget of the repository's organisation, the one
   * its statuses spend; without an organisation there is nothing to spend.
   */
  @Produces
  @Singleton
  PullRequestCommands commands(
      PullRequestGitHub github,
      OrganisationReporters organisations,
      ReporterSettings settings,
      Clock clock,
      MeterRegistry meters) {
    return new PullRequestCommands(
        github,
        new Membership(github, clock, settings.commands().membershipCache()),
        repository -> organisations.budgetFor(repository).orElse(() -> false),
        new CommandMetrics(meters));
  }
}
