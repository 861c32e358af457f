package dev.slipway.reporter.domain;

import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.ReleaseCompleted;
import dev.slipway.events.ReleaseFailed;
import dev.slipway.events.ReleaseOperationRejected;
import dev.slipway.events.ReleaseOrigin;
import dev.slipway.events.ReleaseProgress;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.events.ReleaseSuperseded;
import dev.slipway.events.ReleaseTimedOut;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a release event asks GitHub to show: the deployment status of the datacenter it is about
 * (one GitHub deployment per release and datacenter, created with its first status), and the {@code
 * slipway/release} commit status on the tag's commit that sums the release up.
 *
 * <p>Build events name no datacenter: they move the deployment of the datacenter the release is
 * currently admitted to. A datacenter the release never reached gets no deployment.
 */
public final class ReleaseReports {

  public static final String RELEASE_CONTEXT = "slipway/release";

  private static final String SKIPPED = "skipped";
  private static final Pattern RELEASE_BY_ID = Pattern.compile("\\brelease ([A-Za-z0-9_-]+)");

  /** The release an event is about. */
  public record Release(String repository, String releaseId, String sha) {}

  /** The tags of other releases, which some events name only by their id. */
  @FunctionalInterface
  public interface Tags {
    Tags NONE = (repository, releaseId) -> Optional.empty();

    Optional<String> of(String repository, String releaseId);
  }

  private ReleaseReports() {}

  /**
   * The tag an event gives its release, from the events that come before any event naming that
   * release by its id: its request, and its admission (the one the reporter sees if it missed the
   * request, e.g. when it first read the topic after it).
   */
  public static Optional<ReleaseName> named(Object event) {
    if (event instanceof ReleaseRequested e) {
      return Optional.of(new ReleaseName(e.repository(), e.releaseId(), e.tag()));
    }
    if (event instanceof ReleaseAdmitted e) {
      return Optional.of(new ReleaseName(e.repository(), e.releaseId(), e.tag()));
    }
    return Optional.empty();
  }

  /** The release of a release event; empty for every other event. */
  public static Optional<Release> about(Object event) {
    return event instanceof ReleaseProgress e
        ? Optional.of(new Release(e.repository(), e.releaseId(), e.sha()))
        : Optional.empty();
  }

  /**
   * @param view what was accepted for the event's release so far
   * @param tags the tags of the releases named so far
   * @return the deployment status first, then the summary; either may be missing
   */
  public static List<Report> plan(
      Object event, Instant eventTime, String correlationId, ReleaseView view, Tags tags) {
    Optional<Release> release = about(event);
    if (release.isEmpty()) {
      return List.of();
    }
    // A build event carries the time its state was reached, as for slipway/build.
    Instant at =
        event instanceof ReleaseBuildStateChanged build && build.occurredAt() != null
            ? build.occurredAt()
            : eventTime;
    Plan plan = new Plan(release.get(), view, at, correlationId, tags);
    if (event instanceof ReleaseAdmitted e) {
      plan.deployment(
          plan.first(
              e.tag(),
              e.datacenter(),
              e.releaseNumber(),
              DeploymentStep.ADMITTED,
              Descriptions.fit(queued(e)),
              e.origin().githubDeploymentId()));
      plan.inFlight(e.tag());
    } else if (event instanceof ReleaseBuildStateChanged e) {
      build(plan, e);
    } else if (event instanceof ImagePushed e) {
      DesiredDeploymentStatus known =
          plan.shownIn(
              e.tag(),
              e.datacenter(),
              e.releaseNumber(),
              DeploymentStep.ADMITTED,
              e.tag() + " queued");
      plan.move(known, DeploymentStep.ROLLING_OUT, "rolling out " + e.tag(), null);
      plan.inFlight(e.tag());
    } else if (event instanceof DeploymentFinished e) {
      finished(plan, e, view);
    } else if (event instanceof ReleaseTimedOut e) {
      if (endedIn(view, e.datacenter())) {
        return List.of();
      }
      view.in(e.datacenter())
          .ifPresent(known -> plan.move(known, DeploymentStep.ERROR, "timed out", null));
      plan.summary(
          CommitState.ERROR, e.tag() + " " + liveIn(view) + "timed out in " + e.datacenter());
    } else if (event instanceof ReleaseFailed e) {
      if (e.datacenter() != null && endedIn(view, e.datacenter())) {
        return List.of();
      }
      Optional<DesiredDeploymentStatus> where =
          e.datacenter() == null ? view.current() : view.in(e.datacenter());
      String reason = plan.byTag(e.reason());
      where.ifPresent(
          known ->
              plan.move(known, DeploymentStep.FAILED, reason.isBlank() ? "failed" : reason, null));
      String in = e.datacenter() == null ? "" : " in " + e.datacenter();
      plan.summary(
          CommitState.FAILURE,
          e.tag() + " " + liveIn(view) + "failed" + in + plan.explained(e.reason()));
    } else if (event instanceof ReleaseCompleted e) {
      List<String> live = view.live();
      plan.summary(
          CommitState.SUCCESS,
          live.isEmpty()
              ? e.tag() + " released to every datacenter"
              : e.tag() + " live in " + String.join(", ", live));
    } else if (event instanceof ReleaseSuperseded e) {
      plan.summary(CommitState.ERROR, e.tag() + " superseded by " + newer(e, tags));
    } else if (event instanceof ReleaseSkipped e) {
      // Success, not failure or error: nothing went wrong, and a required slipway/release must not
      // block the tag.
      plan.summary(CommitState.SUCCESS, skipped(e));
    }
    return plan.reports();
  }

  /**
   * A refused rollback, retry or redeploy that a person asked for by creating a GitHub deployment:
   * that deployment, in each datacenter asked for, ends as a failure with the reason, so the person
   * sees why nothing was deployed. A request from the command line shows nothing on GitHub: its
   * answer went back to the command.
   */
  public static List<DesiredDeploymentStatus> refused(
      Object event, Instant eventTime, String correlationId) {
    if (!(event instanceof ReleaseOperationRejected e) || e.githubDeploymentId() == null) {
      return List.of();
    }
    String reason = e.reason() == null || e.reason().isBlank() ? "refused" : e.reason();
    return e.datacenters().stream()
        .map(
            datacenter ->
                new DesiredDeploymentStatus(
                    new DeploymentKey(e.repository(), e.releaseId(), datacenter),
                    null,
                    null,
                    0,
                    DeploymentStep.FAILED,
                    Descriptions.fit("not deployed: " + reason),
                    null,
                    null,
                    eventTime,
                    correlationId,
                    e.githubDeploymentId()))
        .toList();
  }

  /**
   * {@code v3 queued}; an operation says what was asked, {@code v3 queued: rollback to v3 by …}.
   */
  private static String queued(ReleaseAdmitted e) {
    return e.origin().operation() == ReleaseOrigin.Operation.PUBLISHED
        ? e.tag() + " queued"
        : e.tag() + " queued: " + e.origin().describe();
  }

  /**
   * The newer release by its tag. Its id is all that is left when its request and admission were
   * not seen (both come before the supersession, but on another topic, or before the reporter's
   * memory of names began).
   */
  private static String newer(ReleaseSuperseded e, Tags tags) {
    if (e.supersededBy() == null) {
      return "a newer release";
    }
    return tags.of(e.repository(), e.supersededBy())
        .orElse("a newer release (" + e.supersededBy() + ")");
  }

  /**
   * The compiler's reason reads as a whole description ({@code skipped: v2.0.0-rc.1 is a prerelease
   * and …}): shown as it is when it names the tag, else after the tag, never with "skipped" twice.
   */
  private static String skipped(ReleaseSkipped e) {
    String reason = e.reason() == null ? "" : e.reason().strip();
    boolean saysSkipped = reason.regionMatches(true, 0, SKIPPED, 0, SKIPPED.length());
    if (saysSkipped && reason.contains(e.tag())) {
      return reason;
    }
    String why =
        saysSkipped ? reason.substring(SKIPPED.length()).replaceFirst("^[\\s:,-]+", "") : reason;
    return why.isEmpty() ? e.tag() + " " + SKIPPED : e.tag() + " " + SKIPPED + ": " + why;
  }

  private static void build(Plan plan, ReleaseBuildStateChanged e) {
    String detail = plan.explained(e.detail());
    switch (e.to()) {
      case STARTED -> {
        plan.view
            .current()
            .ifPresent(
                known ->
                    plan.move(known, DeploymentStep.BUILDING, "building " + e.tag(), e.logUrl()));
        plan.inFlight(e.tag());
      }
      case FAILED -> {
        plan.buildEnded(DeploymentStep.FAILED, "build failed" + detail, e.logUrl());
        plan.summary(CommitState.FAILURE, e.tag() + " build failed" + detail);
      }
      case TIMED_OUT -> {
        plan.buildEnded(DeploymentStep.ERROR, "build timed out" + detail, e.logUrl());
        plan.summary(CommitState.ERROR, e.tag() + " build timed out" + detail);
      }
      case CANCELLED -> {
        plan.buildEnded(DeploymentStep.ERROR, "build cancelled" + detail, e.logUrl());
        plan.summary(CommitState.ERROR, e.tag() + " build cancelled" + detail);
      }
      case ERROR -> {
        plan.buildEnded(
            DeploymentStep.ERROR,
            "build: " + StatusMapping.INFRASTRUCTURE_ERROR + ", see the build page",
            e.logUrl());
        plan.summary(
            CommitState.ERROR,
            e.tag() + " build: " + StatusMapping.INFRASTRUCTURE_ERROR + ", see the build page");
      }
      case QUEUED, SUCCEEDED -> {
        // Change nothing a user sees: the image push starts the rollout.
      }
    }
  }

  /**
   * Whether the release's outcome in the datacenter is already shown: a later outcome for it (a
   * redelivery, the coordinator's verdict after the deployer's) changes neither the deployment nor
   * the summary.
   */
  private static boolean endedIn(ReleaseView view, String datacenter) {
    return view.in(datacenter).map(known -> known.step().isFinal()).orElse(false);
  }

  private static void finished(Plan plan, DeploymentFinished e, ReleaseView view) {
    if (endedIn(view, e.datacenter())) {
      return;
    }
    DesiredDeploymentStatus known =
        plan.shownIn(
            e.tag(),
            e.datacenter(),
            e.releaseNumber(),
            DeploymentStep.ROLLING_OUT,
            "rolling out " + e.tag());
    String detail = plan.explained(e.detail());
    switch (e.outcome()) {
      case ROLLED_OUT ->
          // No summary: the next datacenter's admission, or the release's completion, follows at
          // once.
          plan.deployment(
              known.next(
                  DeploymentStep.LIVE,
                  e.tag() + " live",
                  e.serviceUrl(),
                  view.buildLink(),
                  plan.at,
                  plan.correlationId));
      case ROLLED_BACK -> {
        plan.move(known, DeploymentStep.FAILED, "rolled back" + detail, null);
        plan.summary(
            CommitState.FAILURE,
            e.tag() + " " + liveIn(view) + "rolled back in " + e.datacenter() + detail);
      }
      case FAILED -> {
        plan.move(known, DeploymentStep.FAILED, "failed" + detail, null);
        plan.summary(
            CommitState.FAILURE,
            e.tag() + " " + liveIn(view) + "failed in " + e.datacenter() + detail);
      }
    }
  }

  /** {@code "live in dc1, "} when the release is live somewhere, else nothing. */
  private static String liveIn(ReleaseView view) {
    List<String> live = view.live();
    return live.isEmpty() ? "" : "live in " + String.join(", ", live) + ", ";
  }

  /** The reports of one event, built up against the view as it changes. */
  private static final class Plan {
    private ReleaseView view;
    private final Instant at;
    private final String correlationId;
    private final List<Report> reports = new ArrayList<>();
    private final Release release;
    private final Tags tags;

    Plan(Release release, ReleaseView view, Instant at, String correlationId, Tags tags) {
      this.release = release;
      this.view = view;
      this.at = at;
      this.correlationId = correlationId;
      this.tags = tags;
    }

    /** {@code ": detail"} with releases named by their tags, or nothing when there is no detail. */
    String explained(String detail) {
      return detail == null || detail.isBlank() ? "" : ": " + byTag(detail);
    }

    /**
     * The deployer and the coordinator name releases by id ({@code rolled back to release
     * release-3f2a…}); users know them by tag ({@code rolled back to v1.2}). Ids not known stay.
     */
    String byTag(String text) {
      if (text == null) {
        return "";
      }
      return RELEASE_BY_ID
          .matcher(text)
          .replaceAll(
              match ->
                  Matcher.quoteReplacement(
                      tags.of(release.repository(), match.group(1)).orElse(match.group())));
    }

    /**
     * The first status of the release's deployment in the datacenter: its admission's, or the one a
     * later event stands in for when the reporter never saw the admission.
     */
    DesiredDeploymentStatus first(
        String tag,
        String datacenter,
        int releaseNumber,
        DeploymentStep step,
        String description,
        Long githubDeploymentId) {
      return new DesiredDeploymentStatus(
          new DeploymentKey(release.repository(), release.releaseId(), datacenter),
          tag,
          release.sha(),
          releaseNumber,
          step,
          description,
          null,
          view.buildLink(),
          at,
          correlationId,
          githubDeploymentId);
    }

    /**
     * What the release's deployment in the datacenter shows now; when the reporter never saw the
     * admission there, the status at {@code step} that stands in for it.
     */
    DesiredDeploymentStatus shownIn(
        String tag, String datacenter, int releaseNumber, DeploymentStep step, String description) {
      return view.in(datacenter)
          .orElseGet(() -> first(tag, datacenter, releaseNumber, step, description, null));
    }

    void deployment(DesiredDeploymentStatus status) {
      reports.add(status);
      view = view.with(status);
    }

    void move(
        DesiredDeploymentStatus known, DeploymentStep step, String description, String logUrl) {
      deployment(
          known.next(
              step,
              description,
              null,
              logUrl == null ? view.buildLink() : logUrl,
              at,
              correlationId));
    }

    /** A failed build ends the deployment of the datacenter the release was admitted to. */
    void buildEnded(DeploymentStep step, String description, String logUrl) {
      view.current().ifPresent(known -> move(known, step, description, logUrl));
    }

    /** The pending summary of a release on its way: where it is live and where it goes now. */
    void inFlight(String tag) {
      Optional<DesiredDeploymentStatus> current = view.current();
      if (current.isEmpty()) {
        return;
      }
      DesiredDeploymentStatus now = current.get();
      String datacenter = now.key().datacenter();
      List<String> live = view.live();
      String description;
      if (!live.isEmpty()) {
        description =
            tag + " live in " + String.join(", ", live) + ", rolling out to " + datacenter;
      } else if (now.step() == DeploymentStep.BUILDING) {
        description = tag + " building";
      } else if (now.step() == DeploymentStep.ROLLING_OUT) {
        description = tag + " rolling out to " + datacenter;
      } else {
        description = tag + " admitted in " + datacenter;
      }
      add(CommitState.PENDING, Progress.RUNNING, description);
    }

    void summary(CommitState state, String description) {
      add(state, Progress.FINISHED, description);
    }

    private void add(CommitState state, Progress progress, String description) {
      reports.add(
          new DesiredStatus(
              new StatusKey(release.repository(), release.sha(), RELEASE_CONTEXT),
              state,
              Descriptions.fit(description),
              null,
              release.releaseId(),
              progress,
              at,
              correlationId));
    }

    List<Report> reports() {
      return List.copyOf(reports);
    }
  }
}
