package dev.slipway.runner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.Envelope;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.ReleaseOrigin;
import dev.slipway.events.RunState;
import dev.slipway.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ReleaseBuildsTest {

  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  private final MutableClock clock = new MutableClock(NOW);
  private final ScriptedBuilder builder = new ScriptedBuilder();
  private final Recorder events = new Recorder();
  private final MemoryJournal journal = new MemoryJournal();
  private final List<String> told = new ArrayList<>();
  private final ReleaseBuilds builds =
      new ReleaseBuilds(
          builder,
          events,
          journal,
          clock,
          ReleaseImages.byOwner("registry:5000"),
          "http://runner.example/",
          Duration.ofMinutes(5),
          (from, build) -> told.add(from + "->" + build.state()));

  @Test
  void theFirstAdmissionBuildsAndAnnouncesTheImageForItsDatacenter() throws Exception {
    builder.results.add(new BuildResult.Pushed("registry:5000/org/shop", DIGEST));

    builds.admit(cause("a1"), admitted("dc1"));

    assertThat(events.states())
        .containsExactly(RunState.QUEUED, RunState.STARTED, RunState.SUCCEEDED);
    ReleaseBuildStateChanged succeeded = (ReleaseBuildStateChanged) events.published.get(2).event();
    assertThat(succeeded.from()).isEqualTo(RunState.STARTED);
    assertThat(succeeded.logUrl()).isEqualTo("http://runner.example/builds/release-1");
    ImagePushed pushed = events.pushed().get(0);
    assertThat(pushed.datacenter()).isEqualTo("dc1");
    assertThat(pushed.imageReference()).isEqualTo("registry:5000/org/shop@" + DIGEST);
    assertThat(pushed.releaseNumber()).isEqualTo(3);
    assertThat(events.ids())
        .containsExactly(
            "release-1.build.queued",
            "release-1.build.started",
            "release-1.build.succeeded",
            "release-1.image-pushed.dc1");
    assertThat(events.causes()).containsOnly("a1");
    assertThat(builder.requests)
        .extracting(ReleaseBuildRequest::reference)
        .containsExactly("registry:5000/org/shop:v1.2.0");
    assertThat(told).containsExactly("null->QUEUED", "QUEUED->STARTED", "STARTED->SUCCEEDED");
    assertThat(builder.logFields).containsExactly("release-1 org/shop");
    assertThat(MDC.get("release_id")).as("removed after the admission").isNull();
  }

  @Test
  void aLaterDatacenterReusesTheDigestWithoutASecondBuild() throws Exception {
    builder.results.add(new BuildResult.Pushed("registry:5000/org/shop", DIGEST));
    builds.admit(cause("a1"), admitted("dc1"));

    builds.admit(cause("a2"), admitted("dc2"));

    assertThat(builder.requests).hasSize(1);
    assertThat(events.ids()).endsWith("release-1.image-pushed.dc1", "release-1.image-pushed.dc2");
    assertThat(events.pushed().get(1).digest()).isEqualTo(DIGEST);
    assertThat(events.published.get(4).cause()).isEqualTo("a2");
    assertThat(journal.find("release-1").orElseThrow().pushedTo()).containsExactly("dc1", "dc2");
  }

  @Test
  void aRedeliveredAdmissionDoesNothingAgain() throws Exception {
    builder.results.add(new BuildResult.Pushed("registry:5000/org/shop", DIGEST));
    builds.admit(cause("a1"), admitted("dc1"));
    int published = events.published.size();

    builds.admit(cause("a1"), admitted("dc1"));

    assertThat(builder.requests).hasSize(1);
    assertThat(events.published).hasSize(published);
  }

  @Test
  void anOperationOnAnEarlierImageDeploysItWithoutBuilding() throws Exception {
    String earlier = "registry:5000/org/shop@" + DIGEST;

    builds.admit(cause("a1"), rollback("dc1", earlier));
    builds.admit(cause("a2"), rollback("dc2", earlier));
    builds.admit(cause("a2"), rollback("dc2", earlier));

    assertThat(builder.requests).isEmpty();
    assertThat(events.states()).isEmpty();
    assertThat(events.ids()).containsExactly("op-7.image-pushed.dc1", "op-7.image-pushed.dc2");
    assertThat(events.pushed())
        .extracting(ImagePushed::imageReference, ImagePushed::releaseNumber, ImagePushed::tag)
        .containsOnly(tuple(earlier, 9, "v1.2.0"));
    assertThat(builds.find("op-7").orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void anOperationWithoutAnImageBuildsTheCommitAgain() throws Exception {
    builder.results.add(new BuildResult.Pushed("registry:5000/org/shop", DIGEST));

    builds.admit(cause("a1"), rollback("dc1", null));

    assertThat(builder.requests).hasSize(1);
    assertThat(events.ids())
        .containsExactly(
            "op-7.build.queued",
            "op-7.build.started",
            "op-7.build.succeeded",
            "op-7.image-pushed.dc1");
  }

  @Test
  void anImageWithoutADigestIsRefusedAndNothingIsPublished() {
    assertThatThrownBy(
            () -> builds.admit(cause("a1"), rollback("dc1", "registry:5000/org/shop:v1.2.0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not <image>@<digest>");

    assertThat(events.published).isEmpty();
    assertThat(builds.find("op-7")).isEmpty();
  }

  @Test
  void aBuildInterruptedBeforeItsPushIsBuiltAgain() throws Exception {
    journal.save(
        ReleaseBuildRecord.queued(
                ReleaseBuildRequest.of(admitted("dc1"), ReleaseImages.byOwner("registry:5000")),
                NOW)
            .started(NOW));
    builder.results.add(new BuildResult.Pushed("registry:5000/org/shop", DIGEST));

    builds.admit(cause("a1"), admitted("dc1"));

    assertThat(builder.requests).hasSize(1);
    assertThat(events.states()).containsExactly(RunState.SUCCEEDED);
  }

  @Test
  void aBuildInterruptedAfterItsPushIsNotBuiltAgain() throws Exception {
    journal.save(
        ReleaseBuildRecord.queued(
                ReleaseBuildRequest.of(admitted("dc1"), ReleaseImages.byOwner("registry:5000")),
                NOW)
            .started(NOW)
            .pushed(DIGEST));

    builds.admit(cause("a1"), admitted("dc1"));

    assertThat(builder.requests).isEmpty();
    assertThat(events.states()).containsExactly(RunState.SUCCEEDED);
    assertThat(events.pushed()).extracting(ImagePushed::digest).containsExactly(DIGEST);
  }

  @Test
  void aFailedBuildAnnouncesNothingAndIsNotBuiltAgain() throws Exception {
    builder.results.add(new BuildResult.Failed("Dockerfile:3: RUN false: exit status 1"));

    builds.admit(cause("a1"), admitted("dc1"));
    builds.admit(cause("a1"), admitted("dc1"));

    assertThat(events.states()).containsExactly(RunState.QUEUED, RunState.STARTED, RunState.FAILED);
    assertThat(events.build(2).detail()).isEqualTo("Dockerfile:3: RUN false: exit status 1");
    assertThat(events.pushed()).isEmpty();
    assertThat(builder.requests).hasSize(1);
  }

  @Test
  void infrastructureFailuresSaySo() throws Exception {
    builder.results.add(new BuildResult.Broken("clone failed: git: connection refused"));

    builds.admit(cause("a1"), admitted("dc1"));

    assertThat(events.states()).containsExactly(RunState.QUEUED, RunState.STARTED, RunState.ERROR);
    assertThat(events.build(2).detail())
        .isEqualTo("infrastructure: clone failed: git: connection refused");
  }

  @Test
  void anUnreachableRegistryIsRetriedThenErrorsOnceItWasDownForTheLimit() throws Exception {
    BuildResult down =
        new BuildResult.RegistryUnavailable("dial tcp 127.0.0.1:5000: connection refused");
    builder.results.addAll(List.of(down, down, down));

    assertThatThrownBy(() -> builds.admit(cause("a1"), admitted("dc1")))
        .isInstanceOf(RetryLaterException.class);
    clock.advance(Duration.ofMinutes(4));
    assertThatThrownBy(() -> builds.admit(cause("a1"), admitted("dc1")))
        .isInstanceOf(RetryLaterException.class);
    clock.advance(Duration.ofMinutes(1));
    builds.admit(cause("a1"), admitted("dc1"));

    assertThat(events.states()).containsExactly(RunState.QUEUED, RunState.STARTED, RunState.ERROR);
    assertThat(events.build(2).detail())
        .isEqualTo(
            "infrastructure: registry unreachable for 5 min: dial tcp 127.0.0.1:5000: connection refused");
  }

  @Test
  void aRegistryBackInTimeLetsTheBuildSucceed() throws Exception {
    builder.results.addAll(
        List.of(
            new BuildResult.RegistryUnavailable("connection refused"),
            new BuildResult.Pushed("i", DIGEST)));

    assertThatThrownBy(() -> builds.admit(cause("a1"), admitted("dc1")))
        .isInstanceOf(RetryLaterException.class);
    builds.admit(cause("a1"), admitted("dc1"));

    assertThat(events.states())
        .containsExactly(RunState.QUEUED, RunState.STARTED, RunState.SUCCEEDED);
    assertThat(journal.find("release-1").orElseThrow().unavailableSince()).isNull();
  }

  @Test
  void imageNamesAreLowerCaseAndTagsValid() {
    ReleaseAdmitted admitted =
        new ReleaseAdmitted(
            "r",
            "Org/Shop",
            "release/2026+1",
            "abc",
            "u",
            1,
            "dc1",
            new BuildDefinition(null, null),
            null,
            null,
            null);
    ReleaseBuildRequest request =
        ReleaseBuildRequest.of(admitted, ReleaseImages.byOwner("reg:5000"));
    assertThat(request.reference()).isEqualTo("reg:5000/org/shop:release-2026-1");
    assertThat(request.dockerfile()).isEqualTo("Dockerfile");
    assertThat(request.context()).isEqualTo(".");
  }

  private static Envelope<Object> cause(String id) {
    return new Envelope<>(
        id, "/slipway/release-coordinator", "org/shop", NOW, "delivery-1", null, "admission", null);
  }

  private static ReleaseAdmitted admitted(String datacenter) {
    return new ReleaseAdmitted(
        "release-1",
        "org/shop",
        "v1.2.0",
        "0123456789abcdef0123456789abcdef01234567",
        "file:///repo",
        3,
        datacenter,
        new BuildDefinition("Dockerfile", "."),
        new DeployDefinition("shop", 1, 8080, "/"),
        null,
        null);
  }

  private static ReleaseAdmitted rollback(String datacenter, String image) {
    ReleaseAdmitted published = admitted(datacenter);
    return new ReleaseAdmitted(
        "op-7",
        published.repository(),
        published.tag(),
        published.sha(),
        published.cloneUrl(),
        9,
        datacenter,
        published.build(),
        published.deploy(),
        new ReleaseOrigin(ReleaseOrigin.Operation.ROLLBACK, 3, "alice", null),
        image);
  }

  private static final class ScriptedBuilder implements ImageBuilder {
    final Deque<BuildResult> results = new ArrayDeque<>();
    final List<ReleaseBuildRequest> requests = new ArrayList<>();
    final List<String> logFields = new ArrayList<>();

    @Override
    public BuildResult build(ReleaseBuildRequest request) {
      requests.add(request);
      logFields.add(MDC.get("release_id") + " " + MDC.get("repository"));
      return results.removeFirst();
    }
  }

  private record Published(String id, String cause, Object event) {}

  private static final class Recorder implements ReleaseBuildEvents {
    final List<Published> published = new ArrayList<>();

    @Override
    public void buildChanged(Envelope<?> cause, String eventId, ReleaseBuildStateChanged event) {
      published.add(new Published(eventId, cause.id(), event));
    }

    @Override
    public void imagePushed(Envelope<?> cause, String eventId, ImagePushed event) {
      published.add(new Published(eventId, cause.id(), event));
    }

    List<RunState> states() {
      return published.stream()
          .filter(p -> p.event() instanceof ReleaseBuildStateChanged)
          .map(p -> ((ReleaseBuildStateChanged) p.event()).to())
          .toList();
    }

    ReleaseBuildStateChanged build(int index) {
      return published.stream()
          .filter(p -> p.event() instanceof ReleaseBuildStateChanged)
          .map(p -> (ReleaseBuildStateChanged) p.event())
          .toList()
          .get(index);
    }

    List<ImagePushed> pushed() {
      return published.stream()
          .filter(p -> p.event() instanceof ImagePushed)
          .map(p -> (ImagePushed) p.event())
          .toList();
    }

    List<String> ids() {
      return published.stream().map(Published::id).toList();
    }

    List<String> causes() {
      return published.stream().map(Published::cause).toList();
    }
  }

  private static final class MemoryJournal implements ReleaseBuildJournal {
    private final Map<String, ReleaseBuildRecord> records = new HashMap<>();

    @Override
    public void save(ReleaseBuildRecord record) {
      records.put(record.releaseId(), record);
    }

    @Override
    public Optional<ReleaseBuildRecord> find(String releaseId) {
      return Optional.ofNullable(records.get(releaseId));
    }
  }
}
