package dev.slipway.reporter.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.reporter.domain.CommitState;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.reporter.domain.StatusKey;
import dev.slipway.testsupport.github.FakeGitHub;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * The real github-api client against the fake GitHub: what lands, and how refusals are classified.
 */
class GitHubCommitStatusesIT {

  private static final StatusKey KEY =
      new StatusKey("acme/shop", "4f2a9c1e0d3b5a6978877665544332211ffeeddc", "slipway/unit");

  private final FakeGitHub fake = FakeGitHub.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aStatusLandsWithStateDescriptionContextAndLink() throws Exception {
    statuses(GitHubAuthorization.token("ghp_test"))
        .createCommitStatus(
            KEY, CommitState.FAILURE, "tests/test_cart.py:42: AssertionError", "http://runner/r/1");

    FakeGitHub.Status status = fake.latest(KEY.repository(), KEY.sha()).get("slipway/unit");
    assertThat(status.state()).isEqualTo("failure");
    assertThat(status.description()).isEqualTo("tests/test_cart.py:42: AssertionError");
    assertThat(status.targetUrl()).isEqualTo("http://runner/r/1");
    assertThat(fake.statusWrites())
        .extracting(FakeGitHub.Request::authorization)
        .containsExactly("token ghp_test");
  }

  @Test
  void theRepositoryIsFetchedOncePerRepository() throws Exception {
    GitHubCommitStatuses statuses = statuses(GitHubAuthorization.anonymous());
    for (int i = 0; i < 3; i++) {
      statuses.createCommitStatus(KEY, CommitState.PENDING, "queued " + i, null);
    }

    assertThat(fake.requests())
        .extracting(request -> request.method() + " " + request.path())
        .containsExactly(
            "GET /repos/acme/shop",
            "POST /repos/acme/shop/statuses/" + KEY.sha(),
            "POST /repos/acme/shop/statuses/" + KEY.sha(),
            "POST /repos/acme/shop/statuses/" + KEY.sha());
  }

  @ParameterizedTest
  @CsvSource({"500, UNAVAILABLE", "502, UNAVAILABLE", "422, REJECTED"})
  void refusalsAreClassified(int status, GitHubWriteException.Kind kind) throws Exception {
    GitHubCommitStatuses statuses = statuses(GitHubAuthorization.anonymous());
    statuses.createCommitStatus(KEY, CommitState.PENDING, "queued", null);
    fake.failWrites(status, 1);

    GitHubWriteException refused = write(statuses);

    assertThat(refused.kind()).isEqualTo(kind);
    assertThat(fake.statusWrites()).as("the library does not retry on its own").hasSize(2);
  }

  @ParameterizedTest
  @CsvSource({"429", "403"})
  void aRateLimitSaysWhenWritesMayResume(int status) throws Exception {
    GitHubCommitStatuses statuses = statuses(GitHubAuthorization.anonymous());
    fake.rateLimitWrites(status, Duration.ofSeconds(7), 1);
    Instant before = Instant.now();

    GitHubWriteException refused = write(statuses);

    assertThat(refused.kind()).isEqualTo(GitHubWriteException.Kind.RATE_LIMITED);
    assertThat(refused.retryAt())
        .hasValueSatisfying(
            at -> assertThat(at).isBetween(before.plusSeconds(7), Instant.now().plusSeconds(7)));
    assertThat(fake.statusWrites()).as("the library neither waits nor retries").hasSize(1);
  }

  @Test
  void gitHubOutOfReachIsUnavailable() throws Exception {
    GitHubCommitStatuses statuses = statuses(GitHubAuthorization.anonymous());
    fake.close();

    assertThat(write(statuses).kind()).isEqualTo(GitHubWriteException.Kind.UNAVAILABLE);
  }

  private GitHubCommitStatuses statuses(AuthorizationProvider authorization) throws Exception {
    return new GitHubCommitStatuses(
        GitHubClients.build(fake.url(), authorization), Clock.systemUTC());
  }

  private static GitHubWriteException write(GitHubCommitStatuses statuses) {
    return catchThrowableOfType(
        GitHubWriteException.class,
        () -> statuses.createCommitStatus(KEY, CommitState.SUCCESS, "passed", null));
  }
}
