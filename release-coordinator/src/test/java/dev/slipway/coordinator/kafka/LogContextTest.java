package dev.slipway.coordinator.kafka;

import static dev.slipway.coordinator.domain.ReleaseFixtures.deployed;
import static dev.slipway.coordinator.domain.ReleaseFixtures.release;
import static dev.slipway.coordinator.domain.ReleaseFixtures.releaseId;
import static dev.slipway.events.DeploymentFinished.Outcome.ROLLED_OUT;
import static dev.slipway.events.ReleaseRequested.QueueMode.QUEUE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The log fields while the topology decides, as its log lines carry them. */
class LogContextTest {

  private static final String REPO = "acme/shop";

  private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
  private final CoordinatorHarness lanes =
      new CoordinatorHarness(
          Duration.ofMinutes(30),
          new TopologyListener() {
            @Override
            public void released(Object event) {
              seen.add(MDC.getCopyOfContextMap());
            }
          });

  @AfterEach
  void close() {
    lanes.close();
  }

  @Test
  void aRecordsFieldsAreInTheMdcWhileItIsDecidedAndGoneAfterwards() {
    lanes.publish(release(REPO, 1, QUEUE, "dc1"), REPO, "delivery-1");
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    lanes.publish(deployed(REPO, releaseId(REPO, 1), "dc1", ROLLED_OUT), REPO);

    assertThat(seen)
        .containsExactly(
            Map.of(
                "correlation_id", "delivery-1",
                "topic", "slipway.task-spec",
                "event_type", "ReleaseRequested",
                "repository", REPO,
                "release_id", releaseId(REPO, 1)),
            Map.of(
                "correlation_id", "delivery-deploy",
                "topic", "slipway.deployed",
                "event_type", "DeploymentFinished",
                "repository", REPO,
                "release_id", releaseId(REPO, 1)));
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void aTimeoutCarriesTheRepositoryItChecked() {
    lanes.publish(release(REPO, 1, QUEUE, "dc1"), REPO, "delivery-1");
    seen.clear();
    lanes.advance(Duration.ofMinutes(31));

    assertThat(seen).containsExactly(Map.of("repository", REPO));
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
