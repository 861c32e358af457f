package dev.slipway.reporter.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.reporter.domain.DeploymentKey;
import dev.slipway.reporter.domain.DeploymentState;
import dev.slipway.reporter.domain.DeploymentStatus;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.testsupport.github.FakeGitHub;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kohsuke.github.authorization.AuthorizationProvider;

/** The deployments adapter with the real github-api client against the fake GitHub. */
class GitHubDeploymentsIT {

  private static final DeploymentKey DC1 =
      new DeploymentKey("acme/shop", "acme-shop-release-7", "dc1");
  private static final String LOG = "http://r/7";

  private final FakeGitHub fake = FakeGitHub.start();
  private final AuthorizationProvider token = GitHubAuthorization.token("ghp_test");
  private final GitHubDeployments deployments =
      new GitHubDeployments(new GitHubRepositories(build(), Clock.systemUTC()), token);

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aDeploymentIsFoundByItsReleaseIdAmongOthersOfTheSameTagAndEnvironment() throws Exception {
    deployments.createDeployment(
        new DeploymentKey("acme/shop", "another-release", "dc1"), "v7", 7, "other");
    deployments.createDeployment(
        new DeploymentKey("acme/shop", DC1.releaseId(), "dc2"), "v7", 7, "other dc");
    long id = deployments.createDeployment(DC1, "v7", 7, "Slipway: v7 to dc1");

    assertThat(deployments.findDeployment(DC1, "v7")).hasValue(id);
    assertThat(
            deployments.findDeployment(
                new DeploymentKey("acme/shop", "never-created", "dc1"), "v7"))
        .isEmpty();
  }

  @Test
  void theReadBackComparesStateDescriptionAndLinks() throws Exception {
    long id = deployments.createDeployment(DC1, "v7", 7, "Slipway: v7 to dc1");
    deployments.createDeploymentStatus(
        DC1, id, new DeploymentStatus(DeploymentState.IN_PROGRESS, "rolling out v7", null, LOG));

    assertThat(
            deployments.shows(
                DC1,
                id,
                new DeploymentStatus(DeploymentState.IN_PROGRESS, "rolling out v7", null, LOG)))
        .isTrue();
    assertThat(
            deployments.shows(
                DC1,
                id,
                new DeploymentStatus(DeploymentState.IN_PROGRESS, "building v7", null, LOG)))
        .isFalse();
    assertThat(
            deployments.shows(
                DC1,
                id,
                new DeploymentStatus(DeploymentState.SUCCESS, "v7 live", "http://dc1", LOG)))
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource({"500, UNAVAILABLE", "502, UNAVAILABLE", "422, REJECTED"})
  void refusedStatusesAreClassified(int status, GitHubWriteException.Kind kind) throws Exception {
    long id = deployments.createDeployment(DC1, "v7", 7, "Slipway: v7 to dc1");
    fake.failWrites(status, 1);

    assertThat(refusedQueuedStatus(id).kind()).isEqualTo(kind);
  }

  @Test
  void aRateLimitedStatusSaysWhenWritesMayResume() throws Exception {
    long id = deployments.createDeployment(DC1, "v7", 7, "Slipway: v7 to dc1");
    fake.rateLimitWrites(429, Duration.ofSeconds(30), 1);

    GitHubWriteException refused = refusedQueuedStatus(id);

    assertThat(refused.kind()).isEqualTo(GitHubWriteException.Kind.RATE_LIMITED);
    assertThat(refused.retryAt())
        .hasValueSatisfying(at -> assertThat(at).isAfter(Instant.now().plusSeconds(20)));
  }

  @Test
  void aStatusForADeploymentGitHubDoesNotHaveIsRefusedForGood() {
    assertThat(refusedQueuedStatus(424242).kind()).isEqualTo(GitHubWriteException.Kind.REJECTED);
  }

  private GitHubWriteException refusedQueuedStatus(long deploymentId) {
    return catchThrowableOfType(
        GitHubWriteException.class,
        () ->
            deployments.createDeploymentStatus(
                DC1,
                deploymentId,
                new DeploymentStatus(DeploymentState.QUEUED, "v7 queued", null, null)));
  }

  private org.kohsuke.github.GitHub build() {
    try {
      return GitHubClients.build(fake.url(), token);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
