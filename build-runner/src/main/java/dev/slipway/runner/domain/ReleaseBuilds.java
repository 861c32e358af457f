package dev.slipway.runner.domain;

import dev.slipway.events.Envelope;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.RunState;
import dev.slipway.platform.logging.LogFields;
import dev.slipway.platform.logging.LogScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each release's image once and announces it for every datacenter the release is admitted
 * to. The first admission builds (QUEUED → STARTED → SUCCEEDED | FAILED | TIMED_OUT | ERROR) and,
 * once SUCCEEDED, publishes {@code ImagePushed} for its datacenter; a later admission (the next
 * datacenter) publishes {@code ImagePushed} with the recorded digest at once. Every step is
 * published and then journaled, with an id deterministic per release and step, so an admission
 * handed over again (redelivery, replay, restart) repeats nothing that was done and publishes only
 * the same events again. A build that was interrupted (its record says STARTED and no digest) is
 * built again.
 *
 * <p>An admission that names its image (a rollback, retry or redeploy of a release whose image is
 * in the registry) builds nothing: the image is recorded as the release's, with no build states,
 * and announced like a built one.
 */
public final class ReleaseBuilds {

  private static final Logger LOG = LoggerFactory.getLogger(ReleaseBuilds.class);

  private final ImageBuilder builder;
  private final ReleaseBuildEvents events;
  private final ReleaseBuildJournal journal;
  private final Clock clock;
  private final ReleaseImages images;
  private final String buildsBaseUrl;
  private final Duration registryRetryLimit;
  private final Listener listener;

  public ReleaseBuilds(
      ImageBuilder builder,
      ReleaseBuildEvents events,
      ReleaseBuildJournal journal,
      Clock clock,
      ReleaseImages images,
      String baseUrl,
      Duration registryRetryLimit,
      Listener listener) {
    this.builder = builder;
    this.events = events;
    this.journal = journal;
    this.clock = clock;
    this.images = images;
    this.buildsBaseUrl = baseUrl.replaceAll("/+$", "") + "/builds/";
    this.registryRetryLimit = registryRetryLimit;
    this.listener = listener;
  }

  /** Told of every build state once it was published (metrics, for one). */
  @FunctionalInterface
  public interface Listener {
    void published(RunState from, ReleaseBuildRecord build);
  }

  /**
   * Handles one admission of a release to a datacenter. Returns once the image was announced for
   * that datacenter or the build ended otherwise.
   *
   * @throws RetryLaterException when the registry is unreachable and has not been for long; the
   *     record says since when, so the bound holds across restarts
   */
  public void admit(Envelope<?> cause, ReleaseAdmitted admitted) throws InterruptedException {
    try (LogScope fields =
        LogScope.with(LogFields.RELEASE_ID, admitted.releaseId())
            .and(LogFields.REPOSITORY, admitted.repository())
            .and(LogFields.CORRELATION_ID, cause.correlationId())) {
      handle(cause, admitted);
    }
  }

  private void handle(Envelope<?> cause, ReleaseAdmitted admitted) throws InterruptedException {
    Optional<ReleaseBuildRecord> known = journal.find(admitted.releaseId());
    ReleaseBuildRecord record;
    if (known.isEmpty() && admitted.image() != null) {
      record = reuse(cause, admitted);
    } else if (known.isEmpty()) {
      ReleaseBuildRequest request = ReleaseBuildRequest.of(admitted, images);
      record =
          transition(
              cause,
              null,
              RunState.QUEUED,
              ignored -> ReleaseBuildRecord.queued(request, clock.instant()));
    } else {
      record = known.get();
    }
    if (record.state() == RunState.QUEUED) {
      record = transition(cause, record, RunState.STARTED, r -> r.started(clock.instant()));
    }
    if (record.state() == RunState.STARTED) {
      record = build(cause, record);
    }
    if (record.state() != RunState.SUCCEEDED) {
      LOG.info(
          "release={} repo={} datacenter={} build ended {}: nothing to deploy, correlation={}",
          record.releaseId(),
          admitted.repository(),
          admitted.datacenter(),
          record.state(),
          cause.correlationId());
      return;
    }
    announce(cause, record, admitted);
  }

  /** The release's build as last reported. */
  public Optional<ReleaseBuildRecord> find(String releaseId) {
    return journal.find(releaseId);
  }

  public String logUrl(String releaseId) {
    return buildsBaseUrl + releaseId;
  }

  /**
   * Records the admitted image as the release's without building: an operation on an earlier
   * release deploys exactly the image that release deployed, not a rebuild of its commit.
   */
  private ReleaseBuildRecord reuse(Envelope<?> cause, ReleaseAdmitted admitted) {
    String reference = admitted.image();
    int at = reference.lastIndexOf('@');
    if (at <= 0 || at == reference.length() - 1) {
      throw new IllegalArgumentException(
          "release "
              + admitted.releaseId()
              + " names the image "
              + reference
              + ", which is not <image>@<digest>; not deploying it");
    }
    ReleaseBuildRequest request =
        ReleaseBuildRequest.of(admitted, images).reusing(reference.substring(0, at));
    ReleaseBuildRecord record =
        ReleaseBuildRecord.reused(request, reference.substring(at + 1), clock.instant());
    LOG.info(
        "release={} repo={} {}: deploying {} without building, correlation={}",
        admitted.releaseId(),
        admitted.repository(),
        admitted.origin().describe(),
        reference,
        cause.correlationId());
    journal.save(record);
    return record;
  }

  private ReleaseBuildRecord build(Envelope<?> cause, ReleaseBuildRecord started)
      throws InterruptedException {
    ReleaseBuildRecord record = started;
    if (record.digest() == null) {
      LOG.info(
          "release={} repo={} building {} correlation={}",
          record.releaseId(),
          record.request().repository(),
          record.request().reference(),
          cause.correlationId());
      BuildResult result = builder.build(record.request());
      Instant now = clock.instant();
      if (result instanceof BuildResult.Pushed pushed) {
        record = record.pushed(pushed.digest());
        journal.save(record);
      } else {
        Instant since = record.unavailableSince() == null ? now : record.unavailableSince();
        RunState to = ReleaseBuildLifecycle.afterBuild(result, since, now, registryRetryLimit);
        if (to == null) {
          if (record.unavailableSince() == null) {
            journal.save(record.unavailable(now));
          }
          throw new RetryLaterException(
              "release "
                  + record.releaseId()
                  + ": "
                  + ((BuildResult.RegistryUnavailable) result).detail());
        }
        String detail = ReleaseBuildLifecycle.detail(result, registryRetryLimit);
        return transition(cause, record, to, r -> r.unavailable(since).finished(to, now, detail));
      }
    }
    return transition(
        cause,
        record,
        RunState.SUCCEEDED,
        r -> r.finished(RunState.SUCCEEDED, clock.instant(), null));
  }

  private void announce(Envelope<?> cause, ReleaseBuildRecord record, ReleaseAdmitted admitted) {
    String datacenter = admitted.datacenter();
    if (record.pushedTo().contains(datacenter)) {
      LOG.info(
          "release={} repo={} datacenter={} image already announced, correlation={}",
          record.releaseId(),
          admitted.repository(),
          datacenter,
          cause.correlationId());
      return;
    }
    ImagePushed pushed =
        new ImagePushed(
            admitted.releaseId(),
            admitted.repository(),
            admitted.tag(),
            admitted.sha(),
            admitted.releaseNumber(),
            datacenter,
            record.image(),
            record.digest(),
            admitted.deploy());
    LOG.info(
        "release={} repo={} datacenter={} image pushed {} correlation={}",
        record.releaseId(),
        admitted.repository(),
        datacenter,
        pushed.imageReference(),
        cause.correlationId());
    events.imagePushed(cause, imagePushedId(record.releaseId(), datacenter), pushed);
    journal.save(record.announcedIn(datacenter));
  }

  private ReleaseBuildRecord transition(
      Envelope<?> cause,
      ReleaseBuildRecord current,
      RunState to,
      UnaryOperator<ReleaseBuildRecord> change) {
    RunState from = current == null ? null : current.state();
    if (!ReleaseBuildLifecycle.allows(from, to)) {
      throw new IllegalStateException(
          "release build "
              + (current == null ? "?" : current.releaseId())
              + " cannot go from "
              + from
              + " to "
              + to);
    }
    ReleaseBuildRecord next = change.apply(current);
    LOG.info(
        "release build transition from={} to={} repo={} release={} correlation={}{}",
        from,
        to,
        next.request().repository(),
        next.releaseId(),
        cause.correlationId(),
        next.detail() == null ? "" : " detail=" + next.detail());
    events.buildChanged(
        cause,
        buildEventId(next.releaseId(), to),
        next.event(from, logUrl(next.releaseId()), clock.instant()));
    listener.published(from, next);
    journal.save(next);
    return next;
  }

  /** One id per release and state: a build state published again is the same event. */
  static String buildEventId(String releaseId, RunState state) {
    return releaseId + ".build." + state.name().toLowerCase(Locale.ROOT);
  }

  /** One id per release and datacenter. */
  static String imagePushedId(String releaseId, String datacenter) {
    return releaseId + ".image-pushed." + datacenter;
  }
}
