package dev.slipway.compiler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.WebhookDetails;
import dev.slipway.platform.organisations.Organisation.SecretRule;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The trust rules: which run gets a secret of which rule (event × fork × rule). */
class RunTrustTest {

  private static final String SHA = "a".repeat(40);

  /**
   * Per run: whether it gets a secret without a rule (trusted-runs), and one kept to the default
   * branch.
   */
  static Stream<Arguments> table() {
    return Stream.of(
            row(
                "push to the default branch",
                new WebhookDetails.Push("refs/heads/main", SHA, null, "main"),
                true,
                true),
            row(
                "push to another branch",
                new WebhookDetails.Push("refs/heads/feature", SHA, null, "main"),
                true,
                false),
            row(
                "push, the default branch unknown",
                new WebhookDetails.Push("refs/heads/main", SHA, null, null),
                true,
                false),
            row(
                "pull request from a branch",
                new WebhookDetails.PullRequest(7, SHA, "feature", "main", "acme/shop", false, null),
                true,
                false),
            row(
                "pull request from a fork's main",
                new WebhookDetails.PullRequest(7, SHA, "main", "main", "eve/shop", true, null),
                false,
                false),
            row("a comment", new WebhookDetails.Comment(7, "/retest", 1L), false, false))
        .flatMap(rows -> rows);
  }

  private static Stream<Arguments> row(
      String run, WebhookDetails details, boolean trustedRuns, boolean defaultBranch) {
    return Stream.of(
        Arguments.of(run, details, SecretRule.TRUSTED_RUNS, trustedRuns),
        Arguments.of(run, details, SecretRule.DEFAULT_BRANCH, defaultBranch));
  }

  @ParameterizedTest(name = "{0}, rule {2}: secret given = {3}")
  @MethodSource("table")
  void aSecretIsGivenOnlyToTheRunsItsRuleAllows(
      String run, WebhookDetails details, SecretRule rule, boolean given) {
    assertThat(RunTrust.of(details).gives(rule)).isEqualTo(given);
  }
}
