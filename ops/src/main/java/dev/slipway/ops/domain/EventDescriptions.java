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
          + (webhook.action() == null ? "" : " " + webhook.action())
          + (webhook.pullRequestNumber() == null ? "" : " #" + webhook.pullRequestNumber())
          + (webhook.headSha() == null ? "" : " at " + shortSha(webhook.headSha()))
          + (webhook.details() instanceof WebhookDetails.Release release
              ? " release " + release.tag()
              : "")
          + (webhook.details() instanceof WebhookDetails.Deployment deployment
              ? " #"
                  + deployment.id()
                  + " of "
                  + deployment.ref()
                  + " to "
                  + deployment.environment()
                  + (deployment.bySlipway() ? " (Slipway's own)" : "")
              : "")
          + (webhook.sender() == null ? "" : " by " + webhook.sender());
    }
    if (data instanceof PullRequestCommand command) {
      return command.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')
          + (command.task() == null ? "" : " " + command.task())
          + " on #"
          + command.pullRequest().number()
          + " at "
          + shortSha(command.pullRequest().headSha())
          + " by "
          + command.actor();
    }
    if (data instanceof PipelinePlanned plan) {
      return (plan.hasConfig() ? "tasks " + String.join(", ", plan.tasks()) : "no .slipway.yml")
          + " at "
          + shortSha(plan.sha());
    }
    if (data instanceof PipelineRejected rejected) {
      return "rejected at " + shortSha(rejected.sha()) + ": " + rejected.reason();
    }
    if (data instanceof TaskPlanned planned) {
      return "task "
          + planned.task()
          + ", run "
          + planned.runId()
          + " at "
          + shortSha(planned.sha());
    }
    if (data instanceof TaskRunStateChanged change) {
      return "run "
          + change.runId()
          + " ("
          + change.task()
          + ") "
          + transition(change.from(), change.to())
          + (change.exitCode() == null ? "" : ", exit " + change.exitCode())
          + (change.detail() == null ? "" : ": " + change.detail());
    }
    if (data instanceof RunsCancelled cancelled) {
      return "runs of #" + cancelled.pullRequestNumber() + " cancelled: " + cancelled.reason();
    }
    if (data instanceof ReleaseRequested requested) {
      return "release "
          + requested.tag()
          + " at "
          + shortSha(requested.sha())
          + " to "
          + String.join(", ", requested.datacenters());
    }
    if (data instanceof ReleaseSkipped skipped) {
      return "release " + skipped.tag() + " skipped: " + skipped.reason();
    }
    if (data instanceof ReleaseAdmitted admitted) {
      ReleaseOrigin origin = admitted.origin();
      return "release "
          + admitted.tag()
          + " admitted in "
          + admitted.datacenter()
          + (origin.operation() == ReleaseOrigin.Operation.PUBLISHED
              ? ""
              : " as v" + admitted.releaseNumber() + ", " + origin.describe())
          + (admitted.image() == null ? "" : ", no build: " + admitted.image());
    }
    if (data instanceof ReleaseOperationRequested requested) {
      return operation(requested.operation())
          + " "
          + (requested.releaseNumber() == null
              ? requested.ref()
              : ReleaseNumbers.label(requested.releaseNumber()))
          + " in "
          + (requested.datacenters().isEmpty()
              ? "its datacenters"
              : String.join(", ", requested.datacenters()))
          + " asked by "
          + requested.requestedBy()
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
      return "release " + superseded.tag() + " superseded by " + superseded.supersededBy();
    }
    if (data instanceof ReleaseTimedOut timedOut) {
      return "release " + timedOut.tag() + " timed out in " + timedOut.datacenter();
    }
    if (data instanceof ReleaseCompleted completed) {
      return "release " + completed.tag() + " completed";
    }
    if (data instanceof ReleaseFailed failed) {
      return "release "
          + failed.tag()
          + " failed in "
          + failed.datacenter()
          + ": "
          + failed.reason();
    }
    if (data instanceof ReleaseBuildStateChanged build) {
      return "release "
          + build.tag()
          + " build "
          + transition(build.from(), build.to())
          + (build.detail() == null ? "" : ": " + build.detail());
    }
    if (data instanceof ImagePushed pushed) {
      return "release " + pushed.tag() + " image " + pushed.image() + " for " + pushed.datacenter();
    }
    if (data instanceof DeploymentFinished deployment) {
      return "release "
          + deployment.tag()
          + " deployment in "
          + deployment.datacenter()
          + ": "
          + deployment.outcome()
          + (deployment.detail() == null ? "" : " (" + deployment.detail() + ")");
    }
    if (data instanceof DeadLetter letter) {
      return "from "
          + letter.topic()
          + "/"
          + letter.partition()
          + "@"
          + letter.offset()
          + ": "
          + letter.reason();
    }
    if (data instanceof Unreadable unreadable) {
      return "unreadable: " + unreadable.reason();
    }
    return String.valueOf(data);
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
