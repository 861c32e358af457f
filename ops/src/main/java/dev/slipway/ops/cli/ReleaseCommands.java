package dev.slipway.ops.cli;

import dev.slipway.ops.domain.Durations;
import dev.slipway.ops.domain.OperationRequest;
import dev.slipway.ops.domain.ReleaseProgress;
import dev.slipway.ops.http.ReleasesClient;
import dev.slipway.ops.http.ReleasesClient.Accepted;
import dev.slipway.ops.http.ReleasesException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code release list|rollback|retry|redeploy}: the release-coordinator's operations endpoint, over
 * HTTP only, so they work against a remote installation with a URL and a token.
 */
final class ReleaseCommands {

  /** A release ended in any other way than completed. */
  static final int RELEASE_FAILED = 1;

  /** The coordinator refused the operation, or the token. */
  static final int REFUSED = 3;

  /** The coordinator could not be reached, or stayed unavailable. */
  static final int UNAVAILABLE = 4;

  private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  /** How long 503s are waited out, honouring their {@code Retry-After}. */
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final Clock clock;
  private final ReleasesClient.Sleeper sleeper;
  private final PrintStream out;
  private final PrintStream err;

  ReleaseCommands(Clock clock, ReleasesClient.Sleeper sleeper, PrintStream out, PrintStream err) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.out = out;
    this.err = err;
  }

  int run(ReleaseInvocation invocation) {
    ReleasesClient client =
        new ReleasesClient(
            invocation.url(),
            invocation.token(),
            PATIENCE,
            sleeper,
            notice -> err.println("slipway: " + notice));
    try {
      return invocation.operation() == null
          ? list(client, invocation)
          : operate(client, invocation.operation(), invocation.waitForEnd());
    } catch (ReleasesException e) {
      return failed(e, invocation);
    }
  }

  private int list(ReleasesClient client, ReleaseInvocation invocation) {
    ReleasesClient.View view = client.view(invocation.repository());
    out.print(
        invocation.json()
            ? view.json().strip() + "\n"
            : ReleaseOutput.list(view.history(), clock.instant()));
    return 0;
  }

  private int operate(ReleasesClient client, OperationRequest request, boolean wait) {
    out.println(request.intent());
    out.flush();
    Accepted accepted = client.operate(request);
    out.println(ReleaseOutput.accepted(accepted));
    if (!wait) {
      return 0;
    }
    out.println(
        "waiting for "
            + accepted.release().label()
            + " to end (Ctrl-C stops waiting, not the release; see `release list "
            + request.repository()
            + "`)");
    Instant started = clock.instant();
    ReleaseProgress progress = new ReleaseProgress(accepted.releaseId());
    progress.follow(accepted.release(), null).forEach(line -> progress(line, started));
    try {
      while (!progress.ended()) {
        pause();
        progress
            .follow(client.view(request.repository()).history())
            .forEach(line -> progress(line, started));
      }
    } catch (ReleasesException e) {
      if (e.reason() != ReleasesException.Reason.UNAVAILABLE) {
        throw e;
      }
      err.println(
          "slipway: the platform is unavailable: "
              + e.getMessage()
              + "; stopped waiting, "
              + accepted.release().label()
              + " goes on: `release list "
              + request.repository()
              + "` shows it once the coordinator answers again");
      return UNAVAILABLE;
    }
    return progress.completed() ? 0 : RELEASE_FAILED;
  }

  private void progress(String line, Instant started) {
    Duration elapsed = Duration.between(started, clock.instant());
    out.println(
        line + "  [" + Durations.words(elapsed.isNegative() ? Duration.ZERO : elapsed) + "]");
    out.flush();
  }

  private void pause() {
    try {
      sleeper.sleep(POLL_INTERVAL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReleasesException(ReleasesException.Reason.UNAVAILABLE, "interrupted", e);
    }
  }

  private int failed(ReleasesException e, ReleaseInvocation invocation) {
    switch (e.reason()) {
      case REFUSED -> {
        err.println("slipway: refused by the release-coordinator: " + e.getMessage());
        return REFUSED;
      }
      case UNAUTHORIZED -> {
        err.println(
            "slipway: the release-coordinator refused "
                + (invocation.token() == null || invocation.token().isBlank()
                    ? "to act without a token"
                    : "the token")
                + " ("
                + e.getMessage()
                + "): set SLIPWAY_OPERATIONS_TOKEN or --token to its slipway.release.operations.token"
                + " (on the local stack `./slipway release` reads .slipway/operations-token)");
        return REFUSED;
      }
      case DISABLED -> {
        err.println(
            "slipway: the release-coordinator takes no operations ("
                + e.getMessage()
                + "): its operators must set slipway.release.operations.token"
                + " (SLIPWAY_RELEASE_OPERATIONS_TOKEN)");
        return REFUSED;
      }
      case UNAVAILABLE -> {
        err.println(
            "slipway: the platform is unavailable: "
                + e.getMessage()
                + (invocation.operation() == null
                    ? ""
                    : "; if the coordinator took the operation before it stopped answering,"
                        + " `release list "
                        + invocation.repository()
                        + "` shows it once it answers again"));
        return UNAVAILABLE;
      }
      case NOT_FOUND -> {
        err.println("slipway: " + e.getMessage());
        return RELEASE_FAILED;
      }
      case BAD_REQUEST -> {
        err.println(
            "slipway: the release-coordinator could not read the request: " + e.getMessage());
        return 2;
      }
      default -> {
        err.println("slipway: the release-coordinator failed: " + e.getMessage());
        return UNAVAILABLE;
      }
    }
  }
}
