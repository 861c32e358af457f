package dev.slipway.coordinator.kafka;

import static dev.slipway.coordinator.domain.ReleaseFixtures.deployed;
import static dev.slipway.coordinator.domain.ReleaseFixtures.release;
import static dev.slipway.coordinator.domain.ReleaseFixtures.releaseId;
import static dev.slipway.events.DeploymentFinished.Outcome.ROLLED_OUT;
import static dev.slipway.events.ReleaseRequested.QueueMode.QUEUE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.coordinator.domain.LaneLoad;
import dev.slipway.coordinator.metrics.CoordinatorMetrics;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.events.RunsCancelled;
import dev.slipway.testsupport.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The coordinator's meters, fed by the topology in {@code TopologyTestDriver}. */
class TopologyMetricsTest {

  private static final String REPO = "acme/shop";
  private static final String TASK_SPEC = "slipway.task-spec";
  private static final String OCCUPIED = "slipway.release.lane.occupied";
  private static final String WAITING = "slipway.release.waiting";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock(Instant.parse("2025-05-01T12:00:00Z"));
  private final CoordinatorMetrics metrics =
      new CoordinatorMetrics(meters, CoordinatorTopology.INPUTS, clock);
  private final CoordinatorHarness lanes = new CoordinatorHarness(Duration.ofMinutes(30), metrics);

  @AfterEach
  void close() {
    lanes.close();
  }

  @Test
  void everyCounterExistsAtZeroBeforeTheFirstRecord() {
    assertThat(meters.find("slipway.events.handled").counters())
        .extracting(counter -> tags(counter, "topic") + " " + tags(counter, "type"))
        .containsExactlyInAnyOrder(
            "slipway.task-spec TaskPlanned",
            "slipway.task-spec RunsCancelled",
            "slipway.task-spec PipelinePlanned",
            "slipway.task-spec PipelineRejected",
            "slipway.task-spec ReleaseRequested",
            "slipway.task-spec ReleaseSkipped",
            "slipway.task-spec ReleaseOperationRequested",
            "slipway.build-job TaskRunStateChanged",
            "slipway.build-job ReleaseBuildStateChanged",
            "slipway.deployed DeploymentFinished");
    assertThat(meters.find("slipway.releases").counters())
        .extracting(counter -> tags(counter, "outcome"))
        .containsExactlyInAnyOrder(
            "admitted",
            "completed",
            "failed",
            "superseded",
            "timed_out",
            "skipped",
            "operation_rejected");
    assertThat(meters.getMeters())
        .filteredOn(Counter.class::isInstance)
        .allMatch(counter -> ((Counter) counter).count() == 0);
  }

  @Test
  void everyRecordIsCountedByTopicAndTypeAndEveryDecisionByOutcome() {
    lanes.publish(release(REPO, 1, QUEUE, "dc1"), REPO, "delivery-1");
    lanes.publish(release(REPO, 2, QUEUE, "dc1"), REPO, "delivery-2");
    lanes.publish(
        new ReleaseSkipped("acme/shop-r9", REPO, "v9-rc.1", "sha9", "skipped: a prerelease"),
        REPO,
        "delivery-9");
    lanes.publish(new RunsCancelled(REPO, 7, "sha", RunsCancelled.SUPERSEDED), REPO, "delivery-pr");
    lanes.publishRaw(REPO, "not a cloud event".getBytes(StandardCharsets.UTF_8));
    lanes.publish(deployed(REPO, releaseId(REPO, 1), "dc1", ROLLED_OUT), REPO);
    lanes.advance(Duration.ofMinutes(31));

    assertThat(handled(TASK_SPEC, "ReleaseRequested")).isEqualTo(2);
    assertThat(handled(TASK_SPEC, "ReleaseSkipped")).isEqualTo(1);
    assertThat(handled(TASK_SPEC, "RunsCancelled")).as("ignored, yet handled").isEqualTo(1);
    assertThat(handled(TASK_SPEC, "unknown")).as("unreadable: not handled").isZero();
    assertThat(deadLettered(TASK_SPEC, "unknown")).as("unreadable, dead-lettered").isEqualTo(1);
    assertThat(deadLettered(TASK_SPEC, "ReleaseRequested")).isZero();
    assertThat(handled("slipway.deployed", "DeploymentFinished")).isEqualTo(1);
    assertThat(released("admitted")).as("v1, then v2 once v1 rolled out").isEqualTo(2);
    assertThat(released("completed")).isEqualTo(1);
    assertThat(released("timed_out")).as("v2, with no outcome for 31 minutes").isEqualTo(1);
    assertThat(released("skipped")).isEqualTo(1);
    assertThat(released("superseded") + released("failed") + released("operation_rejected"))
        .isZero();
  }

  @Test
  void theLaneGaugesReadTheStoreAndKnowEveryDatacenterInIt() {
    metrics.readLanesFrom(() -> LaneLoad.of(lanes.stored()));
    lanes.publish(release(REPO, 1, QUEUE, "dc1", "dc2"), REPO, "delivery-1");
    lanes.publish(release(REPO, 2, QUEUE, "dc1"), REPO, "delivery-2");
    lanes.publish(release("acme/cart", 1, QUEUE, "dc1"), "acme/cart", "delivery-3");
    assertThat(meters.find(OCCUPIED).tag("datacenter", "dc2").gauge())
        .as("nothing was admitted to dc2, and the store was not read since")
        .isNull();

    metrics.refreshLanes();
    assertThat(gauge(OCCUPIED, "dc1")).isEqualTo(2);
    assertThat(gauge(WAITING, "dc1")).isEqualTo(1);
    assertThat(gauge(OCCUPIED, "dc2")).as("named by v1 as its next lane").isZero();
    assertThat(gauge(WAITING, "dc2")).isZero();

    lanes.publish(deployed(REPO, releaseId(REPO, 1), "dc1", ROLLED_OUT), REPO);
    lanes.publish(release("acme/web", 1, QUEUE, "dc1", "dc3"), "acme/web", "delivery-4");
    assertThat(gauge(WAITING, "dc1"))
        .as("read again only once the cached read is old")
        .isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(gauge(OCCUPIED, "dc1")).isEqualTo(3);
    assertThat(gauge(WAITING, "dc1")).isZero();
    assertThat(gauge(OCCUPIED, "dc2")).isEqualTo(1);
    assertThat(gauge(OCCUPIED, "dc3")).as("found by the scrape's read of the store").isZero();
  }

  private double handled(String topic, String type) {
    return meters.counter("slipway.events.handled", "topic", topic, "type", type).count();
  }

  private double deadLettered(String topic, String type) {
    return meters.counter("slipway.events.dead.lettered", "topic", topic, "type", type).count();
  }

  private double released(String outcome) {
    return meters.counter("slipway.releases", "outcome", outcome).count();
  }

  private double gauge(String name, String datacenter) {
    Gauge gauge = meters.find(name).tag("datacenter", datacenter).gauge();
    assertThat(gauge).as(name + " of " + datacenter).isNotNull();
    return gauge.value();
  }

  private static String tags(Meter meter, String key) {
    return meter.getId().getTag(key);
  }
}
