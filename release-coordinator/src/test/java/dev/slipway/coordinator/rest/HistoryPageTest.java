package dev.slipway.coordinator.rest;

import static dev.slipway.testsupport.ReleaseSummaries.release;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.coordinator.domain.LaneOutcome;
import dev.slipway.coordinator.domain.RejectedOperation;
import dev.slipway.coordinator.domain.RepositoryView;
import dev.slipway.coordinator.domain.RepositoryView.Lane;
import dev.slipway.events.ReleaseState;
import dev.slipway.events.ReleaseSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history page of a repository view built by hand: what it shows, escapes and links. */
class HistoryPageTest {

  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final String V1_IMAGE = "registry.local/acme/shop@sha256:" + "a1".repeat(32);
  private static final String V2_IMAGE = "registry.local/acme/shop@sha256:" + "b2".repeat(32);

  private static final ReleaseSummary V1 =
      release(1)
          .tag("1.1.0")
          .image(V1_IMAGE)
          .state(ReleaseState.COMPLETED, "dc2")
          .rolledOutIn("dc1", "dc2")
          .requestedAt(NOW.minusSeconds(7200))
          .finished(NOW.minusSeconds(7200 - 125), "rolled out in dc1, dc2")
          .build();
  private static final ReleaseSummary V2 =
      release(2)
          .tag("<script>alert('tag')</script>")
          .image(V2_IMAGE)
          .state(ReleaseState.FAILED, "dc1")
          .requestedAt(NOW.minusSeconds(5000))
          .finished(NOW.minusSeconds(5000 - 3725), "rollout FAILED: <b>health</b> check")
          .build();
  private static final ReleaseSummary V3 =
      release(3)
          .origin("rollback to v1 by alice")
          .tag("1.1.0")
          .image(V1_IMAGE)
          .state(ReleaseState.IN_FLIGHT, "dc1")
          .datacenters("dc1")
          .requestedAt(NOW.minusSeconds(95))
          .build();
  private static final ReleaseSummary V4 =
      release(4)
          .tag("1.4.0")
          .state(ReleaseState.WAITING, "dc1")
          .requestedAt(NOW.minusSeconds(30))
          .build();

  private static final RepositoryView VIEW =
      new RepositoryView(
          "acme/shop",
          4,
          List.of(
              new Lane("dc1", V1, V3, List.of(V4), List.<LaneOutcome>of()),
              new Lane("dc2", V1, null, List.of(), List.<LaneOutcome>of())),
          List.of(V4, V3, V2, V1),
          List.of(
              new RejectedOperation(
                  "op-7",
                  "v9 does not exist: acme/shop's releases go from v1 to v4",
                  NOW.minusSeconds(10))));

  private final String page =
      new HistoryPage("http://runner.example:8082/builds/", "https://github.example/")
          .render(VIEW, NOW);

  @Test
  void valuesFromDataAreEscaped() {
    assertThat(page)
        .contains("&lt;script&gt;alert(&#39;tag&#39;)&lt;/script&gt;")
        .contains("rollout FAILED: &lt;b&gt;health&lt;/b&gt; check")
        .doesNotContain("<script", "<b>");
  }

  @Test
  void eachDatacenterShowsItsLiveInFlightAndWaitingReleases() {
    assertThat(row("<tr><td>dc1</td>"))
        .contains(
            "<td><a href=\"#v1\">v1</a> 1.1.0</td>",
            "<td><a href=\"#v3\">v3</a> 1.1.0 since ",
            "<td><a href=\"#v4\">v4</a> 1.4.0 since ");
    assertThat(row("<tr><td>dc2</td>"))
        .contains("<td><a href=\"#v1\">v1</a> 1.1.0</td><td><span class=\"none\">—</span></td>");
  }

  @Test
  void theHistoryShowsOriginShortDigestStateAndDurations() {
    assertThat(row("<tr id=\"v3\">"))
        .contains(
            "<td>rollback to v1 by alice</td>",
            "<code title=\"" + V1_IMAGE + "\">sha256:a1a1a1a1a1a1</code>",
            "<td>IN_FLIGHT in dc1</td>",
            "<time datetime=\"2026-11-30T11:58:25Z\">2026-11-30 11:58:25 UTC</time>",
            "<td>1 min 35 s so far</td>");
    assertThat(row("<tr id=\"v1\">"))
        .contains("<td>2 min 5 s</td>", "<td>dc1, dc2<br>rolled out in dc1, dc2</td>");
    assertThat(row("<tr id=\"v2\">"))
        .contains("<td>FAILED</td>", "<td>1 h 2 min</td>", "sha256:b2b2b2b2b2b2");
    assertThat(row("<tr id=\"v4\">")).contains("<td>WAITING for dc1</td>");
  }

  @Test
  void linksTheBuildLogAndTheGitHubDeploymentsOfEachDatacenter() {
    assertThat(row("<tr id=\"v2\">"))
        .contains(
            "<a class=\"build-log\" href=\"http://runner.example:8082/builds/release-2\">",
            "GitHub: <a class=\"deployments\" href=\"https://github.example/acme/shop/deployments/dc1\""
                + " title=\"GitHub deployments in dc1\">dc1</a>",
            "href=\"https://github.example/acme/shop/deployments/dc2\"");
    assertThat(row("<tr id=\"v3\">"))
        .as("a rollback builds nothing: its image's build log is v1's")
        .contains("href=\"http://runner.example:8082/builds/release-1\"");
  }

  @Test
  void showsTheRefusedOperationsWithTheirReasons() {
    assertThat(page)
        .contains(
            "<td><code>op-7</code></td><td>v9 does not exist: acme/shop&#39;s releases go from v1"
                + " to v4</td>");
  }

  @Test
  void durationsReadAsSecondsMinutesOrHours() {
    assertThat(HistoryPage.format(Duration.ofSeconds(59))).isEqualTo("59 s");
    assertThat(HistoryPage.format(Duration.ofSeconds(3599))).isEqualTo("59 min 59 s");
    assertThat(HistoryPage.format(Duration.ofHours(26))).isEqualTo("26 h 0 min");
  }

  private String row(String start) {
    int from = page.indexOf(start);
    assertThat(from).as("the page has a row starting %s", start).isNotNegative();
    return page.substring(from, page.indexOf("</tr>", from));
  }
}
