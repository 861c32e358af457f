package dev.slipway.coordinator.domain;

import dev.slipway.coordinator.domain.CoordinatorInput.BuildChanged;
import dev.slipway.coordinator.domain.CoordinatorInput.ClockTick;
import dev.slipway.coordinator.domain.CoordinatorInput.DeployFinished;
import dev.slipway.coordinator.domain.CoordinatorInput.Operated;
import dev.slipway.coordinator.domain.CoordinatorInput.Requested;
import dev.slipway.coordinator.domain.LaneOutcome.Result;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.ReleaseCompleted;
import dev.slipway.events.ReleaseEvent;
import dev.slipway.events.ReleaseFailed;
import dev.slipway.events.ReleaseOperationRejected;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.ReleaseState;
import dev.slipway.events.ReleaseSuperseded;
import dev.slipway.events.ReleaseTimedOut;
import dev.slipway.events.RunState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that decides how releases move through their lanes: a pure function of the
 * repository's state, one input and the time.
 *
 * <p>A lane is a (repository, datacenter) pair. At most one release is in flight in it; the others
 * wait. When the lane frees, the oldest waiting release goes, unless the newest waiting one asks
 * for {@code SUPERSEDE}: then every older waiting one is superseded and only the newest goes. A
 * release enters its datacenters in order, the next only after it rolled out in the previous one.
 */
public final class ReleaseCoordinator {

  private static final Set<RunState> BUILD_FAILURES =
      Set.of(RunState.FAILED, RunState.ERROR, RunState.TIMED_OUT, RunState.CANCELLED);

  private final CoordinatorRules rules;

  public ReleaseCoordinator(CoordinatorRules rules) {
    this.rules = rules;
  }

  /**
   * Why a request cannot be coordinated (it lacks what ordering or reporting needs), or empty when
   * it can.
   */
  public static Optional<String> defectOf(ReleaseRequested request) {
    List<String> missing = new ArrayList<>();
    if (request.releaseId() == null || request.releaseId().isBlank()) {
      missing.add("releaseId");
    }
    if (request.publishedAt() == null) {
      missing.add("publishedAt");
    }
    if (request.tag() == null) {
      missing.add("tag");
    }
    if (request.sha() == null) {
      missing.add("sha");
    }
    if (request.datacenters() != null
        && request.datacenters().stream().anyMatch(dc -> dc == null || dc.isBlank())) {
      missing.add("datacenters (a blank name)");
    }
    return missing.isEmpty()
        ? Optional.empty()
        : Optional.of("ReleaseRequested lacks " + String.join(", ", missing));
  }

  public Step decide(RepositoryReleases state, CoordinatorInput input, Instant now) {
    if (input instanceof Requested requested) {
      return request(state, requested, now);
    }
    if (input instanceof Operated operated) {
      return operate(state, operated, now);
    }
    if (input instanceof BuildChanged changed) {
      return buildChanged(state, changed.change(), now);
    }
    if (input instanceof DeployFinished finished) {
      return deployFinished(state, finished.deployment(), now);
    }
    if (input instanceof ClockTick) {
      return expire(state, now);
    }
    throw new IllegalArgumentException("unknown input " + input);
  }

  /**
   * The earliest time at which an in-flight release of this repository times out, if any is in
   * flight.
   */
  public Optional<Instant> nextDeadline(RepositoryReleases state) {
    return state.active().stream()
        .filter(release -> release.state() == ReleaseState.IN_FLIGHT)
        .map(release -> release.since().plus(rules.stepTimeout()))
        .min(Comparator.naturalOrder());
  }

  private Step request(RepositoryReleases state, Requested requested, Instant now) {
    ReleaseRequested request = requested.request();
    if (state.knows(request.releaseId())) {
      return Step.unchanged(state);
    }
    Work work = new Work(state, now);
    Release release =
        Release.requested(request, state.lastNumber() + 1, requested.correlationId(), now);
    work.lastNumber = release.number();
    if (release.datacenters().isEmpty()) {
      work.fail(release, null, "the release names no datacenter to deploy to");
      return work.step();
    }
    Optional<Overtaking> overtaking = work.admittedReleaseNewerThan(release);
    if (release.mode() == QueueMode.SUPERSEDE && overtaking.isPresent()) {
      // Published before a release that already went: deploying it now would roll the service back.
      work.supersede(release, overtaking.get().releaseId(), overtaking.get().tag());
      return work.step();
    }
    work.enter(release.in(ReleaseState.WAITING, now), ReleaseState.REQUESTED);
    work.fillLane(release.datacenter());
    return work.step();
  }

  private Step operate(RepositoryReleases state, Operated operated, Instant now) {
    ReleaseOperationRequested request = operated.request();
    if (state.knows(request.releaseId()) || state.rejection(request.operationId()).isPresent()) {
      return Step.unchanged(state);
    }
    Work work = new Work(state, now);
    ReleaseOperations.Plan plan =
        ReleaseOperations.plan(
            state, request, state.lastNumber() + 1, operated.correlationId(), now);
    if (plan instanceof ReleaseOperations.Plan.Rejected rejected) {
      work.reject(request, rejected.reason(), operated.correlationId());
      return work.step();
    }
    Release release = ((ReleaseOperations.Plan.Accepted) plan).release();
    work.lastNumber = release.number();
    work.enter(release.in(ReleaseState.WAITING, now), ReleaseState.REQUESTED);
    work.fillLane(release.datacenter());
    return work.step();
  }

  private Step buildChanged(
      RepositoryReleases state, ReleaseBuildStateChanged change, Instant now) {
    Optional<Release> inFlight = inFlight(state, change.releaseId());
    if (inFlight.isEmpty() || change.to() == null || change.to() == inFlight.get().buildState()) {
      return Step.unchanged(state);
    }
    Release release = inFlight.get();
    Work work = new Work(state, now);
    if (BUILD_FAILURES.contains(change.to())) {
      String reason =
          "build " + change.to() + (change.detail() == null ? "" : ": " + change.detail());
      work.fail(release, release.datacenter(), reason);
      work.fillLane(release.datacenter());
    } else {
      work.replace(release.withBuildProgress(change.to(), now));
    }
    return work.step();
  }

  private Step deployFinished(
      RepositoryReleases state, DeploymentFinished deployment, Instant now) {
    Optional<Release> inFlight = inFlight(state, deployment.releaseId());
    if (inFlight.isEmpty()
        || !inFlight.get().datacenter().equals(deployment.datacenter())
        || deployment.outcome() == null) {
      return Step.unchanged(state);
    }
    boolean rolledOut = deployment.outcome() == DeploymentFinished.Outcome.ROLLED_OUT;
    Release release = inFlight.get().deployed(deployment.imageReference(), rolledOut);
    String datacenter = release.datacenter();
    Work work = new Work(state, now);
    work.replace(release);
    if (!rolledOut) {
      String reason =
          deployment.outcome() + (deployment.detail() == null ? "" : ": " + deployment.detail());
      work.fail(release, datacenter, reason);
    } else if (release.lastStage()) {
      work.complete(release, deployment.detail());
    } else {
      work.laneOutcome(datacenter, release, Result.ROLLED_OUT, deployment.detail());
      Release next = release.waitingForNextDatacenter(now);
      work.replace(next);
      work.transition(next, ReleaseState.IN_FLIGHT);
      work.fillLane(next.datacenter());
    }
    work.fillLane(datacenter);
    return work.step();
  }

  private Step expire(RepositoryReleases state, Instant now) {
    List<Release> overdue =
        state.active().stream()
            .filter(release -> release.state() == ReleaseState.IN_FLIGHT)
            .filter(release -> !release.since().plus(rules.stepTimeout()).isAfter(now))
            .sorted(Release.PUBLISH_ORDER)
            .toList();
    if (overdue.isEmpty()) {
      return Step.unchanged(state);
    }
    Work work = new Work(state, now);
    for (Release release : overdue) {
      work.timeOut(release);
      work.fillLane(release.datacenter());
    }
    return work.step();
  }

  private static Optional<Release> inFlight(RepositoryReleases state, String releaseId) {
    return state
        .activeRelease(releaseId)
        .filter(release -> release.state() == ReleaseState.IN_FLIGHT);
  }

  /** A release that went ahead of a later-arriving older one. */
  private record Overtaking(String releaseId, String tag) {}

  /**
   * A working copy of one repository's state, changed step by step while recording what happened.
   */
  private final class Work {
    private final String repository;
    private final Instant now;
    private int lastNumber;
    private final List<Release> active;
    private final List<FinishedRelease> finished;
    private final Map<String, List<LaneOutcome>> outcomes;
    private final List<RejectedOperation> rejected;
    private final List<Decision> decisions = new ArrayList<>();
    private final List<Transition> transitions = new ArrayList<>();
    private boolean changed;

    Work(RepositoryReleases state, Instant now) {
      this.repository = state.repository();
      this.now = now;
      this.lastNumber = state.lastNumber();
      this.active = new ArrayList<>(state.active());
      this.finished = new ArrayList<>(state.finished());
      this.outcomes = new LinkedHashMap<>();
      state
          .outcomes()
          .forEach((datacenter, list) -> outcomes.put(datacenter, new ArrayList<>(list)));
      this.rejected = new ArrayList<>(state.rejected());
    }

    Step step() {
      return new Step(
          new RepositoryReleases(repository, lastNumber, active, finished, outcomes, rejected),
          changed,
          decisions,
          transitions);
    }

    /** Admits the right waiting release into a free lane; does nothing while the lane is held. */
    void fillLane(String datacenter) {
      if (active.stream().anyMatch(release -> holds(release, datacenter))) {
        return;
      }
      List<Release> waiting =
          active.stream()
              .filter(
                  release ->
                      release.state() == ReleaseState.WAITING
                          && release.datacenter().equals(datacenter))
              .sorted(Release.PUBLISH_ORDER)
              .toList();
      if (waiting.isEmpty()) {
        return;
      }
      Release newest = waiting.get(waiting.size() - 1);
      // The newest request carries the repository's current choice of mode.
      if (newest.mode() == QueueMode.SUPERSEDE) {
        waiting
            .subList(0, waiting.size() - 1)
            .forEach(older -> supersede(older, newest.releaseId(), newest.tag()));
        admit(newest);
      } else {
        admit(waiting.get(0));
      }
    }

    void admit(Release release) {
      Release admitted = release.in(ReleaseState.IN_FLIGHT, now);
      replace(admitted);
      transition(admitted, release.state());
      publish(
          admitted,
          new ReleaseAdmitted(
              admitted.releaseId(),
              repository,
              admitted.tag(),
              admitted.sha(),
              admitted.cloneUrl(),
              admitted.number(),
              admitted.datacenter(),
              admitted.build(),
              admitted.deploy(),
              admitted.origin(),
              admitted.image()));
    }

    void supersede(Release release, String byReleaseId, String byTag) {
      end(
          release,
          ReleaseState.SUPERSEDED,
          release.datacenter(),
          Result.SUPERSEDED,
          "superseded by " + byTag,
          new ReleaseSuperseded(
              release.releaseId(), repository, release.tag(), release.sha(), byReleaseId));
    }

    void complete(Release release, String detail) {
      end(
          release,
          ReleaseState.COMPLETED,
          release.datacenter(),
          Result.ROLLED_OUT,
          detail,
          new ReleaseCompleted(
              release.releaseId(), repository, release.tag(), release.sha(), release.number()));
    }

    void fail(Release release, String datacenter, String reason) {
      end(
          release,
          ReleaseState.FAILED,
          datacenter,
          Result.FAILED,
          reason,
          new ReleaseFailed(
              release.releaseId(), repository, release.tag(), release.sha(), datacenter, reason));
    }

    void timeOut(Release release) {
      end(
          release,
          ReleaseState.TIMED_OUT,
          release.datacenter(),
          Result.TIMED_OUT,
          "no outcome within " + rules.stepTimeout(),
          new ReleaseTimedOut(
              release.releaseId(), repository, release.tag(), release.sha(), release.datacenter()));
    }

    /**
     * Ends a release: it leaves the active list and its lane, and its terminal event is published.
     */
    private void end(
        Release release,
        ReleaseState terminal,
        String datacenter,
        Result laneResult,
        String detail,
        ReleaseEvent event) {
      active.removeIf(candidate -> candidate.releaseId().equals(release.releaseId()));
      finished.add(new FinishedRelease(release.in(terminal, now), detail));
      if (finished.size() > rules.historySize()) {
        finished.subList(0, finished.size() - rules.historySize()).clear();
      }
      if (datacenter != null) {
        laneOutcome(datacenter, release, laneResult, detail);
      }
      transitions.add(
          new Transition(
              repository,
              release.releaseId(),
              release.number(),
              datacenter,
              release.state(),
              terminal,
              release.correlationId()));
      changed = true;
      publish(release, event);
    }

    /** Refuses an operation: nothing else changes, and the one who asked is told why. */
    void reject(ReleaseOperationRequested request, String reason, String correlationId) {
      rejected.add(new RejectedOperation(request.operationId(), reason, now));
      if (rejected.size() > rules.historySize()) {
        rejected.subList(0, rejected.size() - rules.historySize()).clear();
      }
      changed = true;
      decisions.add(
          new Decision(
              new ReleaseOperationRejected(
                  request.releaseId(),
                  repository,
                  request.operationId(),
                  request.operation(),
                  request.datacenters(),
                  reason,
                  request.githubDeploymentId()),
              correlationId));
    }

    void laneOutcome(String datacenter, Release release, Result result, String detail) {
      List<LaneOutcome> lane = outcomes.computeIfAbsent(datacenter, key -> new ArrayList<>());
      lane.add(
          new LaneOutcome(
              release.releaseId(), release.number(), release.tag(), result, detail, now));
      if (lane.size() > rules.outcomesPerLane()) {
        lane.subList(0, lane.size() - rules.outcomesPerLane()).clear();
      }
      changed = true;
    }

    void enter(Release release, ReleaseState from) {
      active.add(release);
      transition(release, from);
    }

    void replace(Release release) {
      active.replaceAll(
          candidate -> candidate.releaseId().equals(release.releaseId()) ? release : candidate);
      changed = true;
    }

    void transition(Release release, ReleaseState from) {
      transitions.add(
          new Transition(
              repository,
              release.releaseId(),
              release.number(),
              release.datacenter(),
              from,
              release.state(),
              release.correlationId()));
      changed = true;
    }

    /** A release published after {@code release} that already went to a datacenter, if any. */
    Optional<Overtaking> admittedReleaseNewerThan(Release release) {
      Optional<Overtaking> activeOne =
          active.stream()
              .filter(
                  candidate -> candidate.state() == ReleaseState.IN_FLIGHT || candidate.stage() > 0)
              .filter(candidate -> candidate.newerThan(release))
              .findFirst()
              .map(candidate -> new Overtaking(candidate.releaseId(), candidate.tag()));
      if (activeOne.isPresent()) {
        return activeOne;
      }
      return finished.stream()
          .filter(candidate -> candidate.state() != ReleaseState.SUPERSEDED)
          .map(FinishedRelease::release)
          .filter(candidate -> candidate.newerThan(release))
          .findFirst()
          .map(candidate -> new Overtaking(candidate.releaseId(), candidate.tag()));
    }

    private boolean holds(Release release, String datacenter) {
      return release.state() == ReleaseState.IN_FLIGHT && release.datacenter().equals(datacenter);
    }

    private void publish(Release release, ReleaseEvent event) {
      decisions.add(new Decision(event, release.correlationId()));
    }
  }
}
