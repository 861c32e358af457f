package dev.slipway.ops.domain;

import dev.slipway.events.DeadLetter;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.ReleaseCompleted;
import dev.slipway.events.ReleaseFailed;
import dev.slipway.events.ReleaseOperationRejected;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseOrigin;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.events.ReleaseSuperseded;
import dev.slipway.events.ReleaseTimedOut;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskRunStateChanged;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookReceived;
import java.util.Locale;

/** What an operator needs to know of an event, in one short line. */
public final class EventDescriptions {

  private static final int SHA_LENGTH = 7;

  private EventDescriptions() {}

  public static String describe(Object data) {
    if (data instanceof WebhookReceived webhook) {
      return webhook.event()
          + ifPresent(" ", webhook.action())
          + ifPresent(" #", webhook.pullRequestNumber())
          + (webhook.headSha() == null ? "" : " at " + shortSha(webhook.headSha()))
          + (webhook.details() instanceof WebhookDetails.Release release
              ? " release " + release.tag()
              : "")
          + (webhook.details() instanceof WebhookDetails.Deployment deployment
              ? " #%s of %s to %s%s"
                  .formatted(
                      deployment.id(),
                      deployment.ref(),
                      deployment.environment(),
                      deployment.bySlipway() ? " (Slipway's own)" : "")
              : "")
          + ifPresent(" by ", webhook.sender());
    }
    if (data instanceof PullRequestCommand command) {
      return command.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')
          + ifPresent(" ", command.task())
          + " on #%s at %s by %s"
              .formatted(
                  command.pullRequest().number(),
                  shortSha(command.pullRequest().headSha()),
                  command.actor());
    }
    if (data instanceof PipelinePlanned plan) {
      return (plan.hasConfig() ? "tasks " + String.join(", ", plan.tasks()) : "no .slipway.yml")
          + " at "
          + shortSha(plan.sha());
    }
    if (data instanceof PipelineRejected rejected) {
      return "rejected at %s: %s".formatted(shortSha(rejected.sha()), rejected.reason());
    }
    if (data instanceof TaskPlanned planned) {
      return "task %s, run %s at %s"
          .formatted(planned.task(), planned.runId(), shortSha(planned.sha()));
    }
    if (data instanceof TaskRunStateChanged change) {
      return "run %s (%s) %s"
              .formatted(change.runId(), change.task(), transition(change.from(), change.to()))
          + ifPresent(", exit ", change.exitCode())
          + ifPresent(": ", change.detail());
    }
    if (data instanceof RunsCancelled cancelled) {
      return "runs of #%s cancelled: %s"
          .formatted(cancelled.pullRequestNumber(), cancelled.reason());
    }
    if (data instanceof ReleaseRequested requested) {
      return "release %s at %s to %s"
          .formatted(
              requested.tag(),
              shortSha(requested.sha()),
              String.join(", ", requested.datacenters()));
    }
    if (data instanceof ReleaseSkipped skipped) {
      return "release %s skipped: %s".formatted(skipped.tag(), skipped.reason());
    }
    if (data instanceof ReleaseAdmitted admitted) {
      ReleaseOrigin origin = admitted.origin();
      return "release %s admitted in %s".formatted(admitted.tag(), admitted.datacenter())
          + (origin.operation() == ReleaseOrigin.Operation.PUBLISHED
              ? ""
              : " as v" + admitted.releaseNumber() + ", " + origin.describe())
          + ifPresent(", no build: ", admitted.image());
    }
    if (data instanceof ReleaseOperationRequested requested) {
      String release =
          requested.releaseNumber() == null
              ? requested.ref()
              : ReleaseNumbers.label(requested.releaseNumber());
      String where =
          requested.datacenters().isEmpty()
              ? "its datacenters"
              : String.join(", ", requested.datacenters());
      return "%s %s in %s asked by %s"
              .formatted(operation(requested.operation()), release, where, requested.requestedBy())
          + (requested.githubDeploymentId() == null
              ? ""
              : " (GitHub deployment " + requested.githubDeploymentId() + ")");
    }
    if (data instanceof ReleaseOperationRejected rejected) {
      return rejected.operation().name().toLowerCase(Locale.ROOT)
          + (rejected.datacenters().isEmpty()
              ? ""
              : " in " + String.join(", ", rejected.datacenters()))
          + " refused: "
          + rejected.reason();
    }
    if (data instanceof ReleaseSuperseded superseded) {
      return "release %s superseded by %s".formatted(superseded.tag(), superseded.supersededBy());
    }
    if (data instanceof ReleaseTimedOut timedOut) {
      return "release %s timed out in %s".formatted(timedOut.tag(), timedOut.datacenter());
    }
    if (data instanceof ReleaseCompleted completed) {
      return "release %s completed".formatted(completed.tag());
    }
    if (data instanceof ReleaseFailed failed) {
      return "release %s failed in %s: %s"
          .formatted(failed.tag(), failed.datacenter(), failed.reason());
    }
    if (data instanceof ReleaseBuildStateChanged build) {
      return "release %s build %s".formatted(build.tag(), transition(build.from(), build.to()))
          + ifPresent(": ", build.detail());
    }
    if (data instanceof ImagePushed pushed) {
      return "release %s image %s for %s"
          .formatted(pushed.tag(), pushed.image(), pushed.datacenter());
    }
    if (data instanceof DeploymentFinished deployment) {
      return "release %s deployment in %s: %s"
              .formatted(deployment.tag(), deployment.datacenter(), deployment.outcome())
          + (deployment.detail() == null ? "" : " (" + deployment.detail() + ")");
    }
    if (data instanceof DeadLetter letter) {
      return "from " + whereAndWhy(letter);
    }
    if (data instanceof Unreadable unreadable) {
      return "unreadable: " + unreadable.reason();
    }
    return String.valueOf(data);
  }

  /** "slipway.release/2@118: …": the record that was dead-lettered, and why. */
  static String whereAndWhy(DeadLetter letter) {
    return "%s/%s@%s: %s"
        .formatted(letter.topic(), letter.partition(), letter.offset(), letter.reason());
  }

  /** The value after its prefix, or nothing when there is no value. */
  private static String ifPresent(String prefix, Object value) {
    return value == null ? "" : prefix + value;
  }

  /** "rollback to", "retry of", "redeploy of": what is asked of a release. */
  private static String operation(ReleaseOrigin.Operation operation) {
    return switch (operation) {
      case ROLLBACK -> "rollback to";
      case RETRY -> "retry of";
      case REDEPLOY -> "redeploy of";
      case PUBLISHED -> "publish of";
    };
  }

  private static String transition(Object from, Object to) {
    return from == null ? "→ " + to : from + " → " + to;
  }

  private static String shortSha(String sha) {
    return sha == null || sha.length() <= SHA_LENGTH
        ? String.valueOf(sha)
        : sha.substring(0, SHA_LENGTH);
  }
}
