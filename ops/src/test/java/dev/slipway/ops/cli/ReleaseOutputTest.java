package dev.slipway.ops.cli;

import static dev.slipway.ops.ReleaseViews.REQUESTED_AT;
import static dev.slipway.ops.ReleaseViews.image;
import static dev.slipway.ops.ReleaseViews.lane;
import static dev.slipway.ops.ReleaseViews.release;
import static dev.slipway.ops.ReleaseViews.view;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.ReleaseSummary;
import dev.slipway.events.json.EventJson;
import dev.slipway.ops.domain.ReleaseHistory;
import dev.slipway.ops.http.ReleasesClient.Accepted;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseOutputTest {

  private static final String BROKEN =
      "rolled back: GET /healthz failed on 2 of 2 replicas within 30s: HTTP 404";

  @Test
  void listShowsEachDatacenterThenTheHistoryAlignedForATerminal() throws Exception {
    ObjectNode v1 =
        release(
            1, "published", "v1.0", image(1), "COMPLETED", "dc2", List.of("dc1", "dc2"), 75, null);
    ObjectNode v2 =
        release(2, "published", "v2.0", image(2), "FAILED", "dc1", List.of(), 33, BROKEN);
    ObjectNode v3 =
        release(
            3,
            "rollback to v1 by alice",
            "v1.0",
            image(1),
            "IN_FLIGHT",
            "dc2",
            List.of("dc1"),
            4,
            null);
    ObjectNode v4 = release(4, "published", "v3.0", null, "WAITING", "dc2", List.of(), 0, null);
    String json =
        view(List.of(lane("dc1", v3, null), lane("dc2", v1, v3, v4)), List.of(v4, v3, v2, v1));
    ObjectNode withRefusal = (ObjectNode) EventJson.mapper().readTree(json);
    withRefusal
        .withArray("rejectedOperations")
        .addObject()
        .put("operationId", "3c1e9a")
        .put("reason", "v1 succeeded: there is nothing to retry (redeploy it instead)")
        .put("at", REQUESTED_AT.plusSeconds(5).toString());
    ReleaseHistory history = EventJson.mapper().treeToValue(withRefusal, ReleaseHistory.class);

    String text = ReleaseOutput.list(history, REQUESTED_AT.plusSeconds(12));

    assertThat(text)
        .isEqualTo(
            """
            acme/shop: last release v4

            DATACENTER  LIVE       IN FLIGHT  WAITING
            dc1         v3 (v1.0)  -          -
            dc2         v1 (v1.0)  v3 (v1.0)  v4 (v3.0)

            RELEASE  ORIGIN                   TAG   DIGEST        STATE             DATACENTERS   STARTED               DURATION     DETAIL
            v4       published                v3.0  -             waiting for dc2   dc1, dc2      2026-12-01T03:10:00Z  12 s so far  -
            v3       rollback to v1 by alice  v1.0  1111e5f60718  in flight in dc2  dc1 ✓, dc2    2026-12-01T03:10:00Z  12 s so far  -
            v2       published                v2.0  2222e5f60718  failed in dc1     dc1, dc2      2026-12-01T03:10:00Z  33 s         %s
            v1       published                v1.0  1111e5f60718  completed         dc1 ✓, dc2 ✓  2026-12-01T03:10:00Z  1 min        -

            refused operations:
              2026-12-01T03:10:05Z  3c1e9a  v1 succeeded: there is nothing to retry (redeploy it instead)
            """
                .formatted(BROKEN));
  }

  @Test
  void theAnswerToAnOperationNamesTheNewReleaseItsImageAndDatacenters() throws Exception {
    ObjectNode v7 =
        release(
            7, "redeploy of v5 by alice", "v2.1", image(5), "WAITING", "dc2", List.of(), 0, null);
    Accepted accepted =
        new Accepted("7", "op-7", EventJson.mapper().treeToValue(v7, ReleaseSummary.class));

    assertThat(ReleaseOutput.accepted(accepted))
        .isEqualTo(
            "v7: redeploy of v5 by alice (v2.1), image 127.0.0.1:5000/acme/shop@sha256:5555e5f60718…,"
                + " datacenters dc1, dc2");
  }
}
