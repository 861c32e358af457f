package dev.slipway.ops.cli;

import static dev.slipway.ops.ReleaseViews.REPO;
import static dev.slipway.ops.ReleaseViews.accepted;
import static dev.slipway.ops.ReleaseViews.image;
import static dev.slipway.ops.ReleaseViews.lane;
import static dev.slipway.ops.ReleaseViews.release;
import static dev.slipway.ops.ReleaseViews.view;
import static dev.slipway.ops.ReleaseViews.viewOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.json.EventJson;
import dev.slipway.ops.cli.StubCoordinator.Answer;
import dev.slipway.ops.cli.StubCoordinator.Request;
import dev.slipway.ops.config.OpsConfig;
import dev.slipway.testsupport.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The release commands as a person runs them, over HTTP against a local server that answers as the
 * release-coordinator's operations endpoint does.
 */
class ReleaseCommandsTest {

  private static final String ROLLBACK = "rollback to v4 by alice";
  private static final String IMAGE = image(4);

  private final StubCoordinator coordinator = newCoordinator();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @AfterEach
  void stop() {
    coordinator.close();
  }

  @Test
  void aRollbackSaysWhatItAsksThenFollowsTheNewReleaseUntilItIsLiveEverywhere() throws Exception {
    coordinator
        .onPost(Answer.json(202, accepted(v7("WAITING", "dc1", List.of()))))
        .onGet(
            ok(viewOf(v7("IN_FLIGHT", "dc1", List.of()))),
            ok(viewOf(v7("IN_FLIGHT", "dc1", List.of()))),
            ok(viewOf(v7("WAITING", "dc2", List.of("dc1")))),
            ok(viewOf(v7("IN_FLIGHT", "dc2", List.of("dc1")))),
            ok(viewOf(v7("COMPLETED", "dc2", List.of("dc1", "dc2")))));

    int exit =
        run(
            "release",
            "rollback",
            REPO,
            "--to",
            "v4",
            "--dc",
            "dc1",
            "--dc",
            "dc2",
            "--token",
            "s3cret",
            "--as",
            "alice");

    assertThat(exit).isZero();
    assertThat(lines(out))
        .containsExactly(
            "rolling back acme/shop to v4 in dc1, dc2 as alice",
            "v7: rollback to v4 by alice (v1.0), image 127.0.0.1:5000/acme/shop@sha256:4444e5f60718…,"
                + " datacenters dc1, dc2",
            "waiting for v7 to end (Ctrl-C stops waiting, not the release; see `release list"
                + " acme/shop`)",
            "v7 waiting for dc1",
            "v7 in flight in dc1",
            "v7 rolled out in dc1",
            "v7 waiting for dc2",
            "v7 in flight in dc2",
            "v7 rolled out in dc2",
            "v7 completed: live in dc1, dc2");
    Request post = coordinator.requests().get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/releases/acme/shop/operations");
    assertThat(post.authorization()).isEqualTo("Bearer s3cret");
    assertThat(withoutOperationId(post.body()))
        .isEqualTo(
            EventJson.mapper()
                .readTree(
                    "{\"operation\":\"ROLLBACK\",\"release\":4,\"datacenters\":[\"dc1\",\"dc2\"],"
                        + "\"requestedBy\":\"alice\"}"));
    List<Request> polls = coordinator.requests().subList(1, coordinator.requests().size());
    assertThat(polls).hasSize(5);
    assertThat(polls)
        .allSatisfy(
            poll -> {
              assertThat(poll.method()).isEqualTo("GET");
              assertThat(poll.path()).isEqualTo("/releases/acme/shop");
              assertThat(poll.accept()).isEqualTo("application/json");
            });
    for (int i = 1; i < polls.size(); i++) {
      assertThat(Duration.between(polls.get(i - 1).at(), polls.get(i).at()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aRetryThatFailsAgainEndsWithItsDetailAndExitOne() throws Exception {
    ObjectNode waiting =
        release(8, "retry of v6 by alice", "v1.2", null, "WAITING", "dc1", List.of(), 0, null);
    String detail = "rolled back: GET /healthz failed on 2 of 2 replicas within 30s: HTTP 404";
    coordinator
        .onPost(Answer.json(202, accepted(waiting)))
        .onGet(
            ok(
                viewOf(
                    release(
                        8,
                        "retry of v6 by alice",
                        "v1.2",
                        image(6),
                        "FAILED",
                        "dc1",
                        List.of(),
                        40,
                        detail))));

    int exit = run("release", "retry", REPO, "6", "--as", "alice");

    assertThat(exit).isEqualTo(1);
    assertThat(lines(out))
        .containsExactly(
            "retrying v6 of acme/shop in the datacenters it did not reach as alice",
            "v8: retry of v6 by alice (v1.2), image to be built, datacenters dc1, dc2",
            "waiting for v8 to end (Ctrl-C stops waiting, not the release; see `release list"
                + " acme/shop`)",
            "v8 waiting for dc1",
            "v8 failed in dc1: " + detail);
    assertThat(withoutOperationId(coordinator.requests().get(0).body()).toString())
        .isEqualTo(
            "{\"operation\":\"RETRY\",\"release\":6,\"datacenters\":[],\"requestedBy\":\"alice\"}");
  }

  @Test
  void noWaitEndsOnceTheCoordinatorTookTheOperation() {
    coordinator.onPost(
        Answer.json(
            202,
            accepted(
                release(
                    7,
                    "redeploy of v5 by alice",
                    "v2.1",
                    image(5),
                    "WAITING",
                    "dc2",
                    List.of(),
                    0,
                    null))));

    int exit = run("release", "redeploy", REPO, "v5", "--dc", "dc2", "--no-wait", "--as", "alice");

    assertThat(exit).isZero();
    assertThat(lines(out))
        .containsExactly(
            "redeploying v5 of acme/shop in dc2 as alice",
            "v7: redeploy of v5 by alice (v2.1), image 127.0.0.1:5000/acme/shop@sha256:5555e5f60718…,"
                + " datacenters dc1, dc2");
    assertThat(coordinator.requests()).extracting(Request::method).containsExactly("POST");
  }

  @Test
  void aRefusalIsShownWithTheCoordinatorsReasonAndExitThree() {
    coordinator.onPost(
        Answer.json(
            409,
            "{\"error\":\"v9 does not exist: acme/shop's releases go from v1 to v8\","
                + "\"operationId\":\"3c1e\"}"));

    int exit = run("release", "rollback", REPO, "--to", "9", "--token", "s3cret");

    assertThat(exit).isEqualTo(3);
    assertThat(lines(out))
        .containsExactly("rolling back acme/shop to v9 in every datacenter of acme/shop as alice");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "slipway: refused by the release-coordinator: v9 does not exist: acme/shop's releases"
                + " go from v1 to v8\n");
    assertThat(coordinator.requests()).hasSize(1);
  }

  @Test
  void aMissingTokenIsRefusedWithHowToSetIt() {
    coordinator.onPost(Answer.json(401, "{\"error\":\"no valid bearer token\"}"));

    int exit = run("release", "rollback", REPO, "--to", "v4", "--token", "");

    assertThat(exit).isEqualTo(3);
    assertThat(coordinator.requests().get(0).authorization()).isNull();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("refused to act without a token (no valid bearer token)")
        .contains("set SLIPWAY_OPERATIONS_TOKEN or --token");
  }

  @Test
  void operationsSwitchedOffAtTheCoordinatorSaySoWithExitThree() {
    coordinator.onPost(Answer.json(403, "{\"error\":\"release operations are disabled\"}"));

    int exit = run("release", "retry", REPO, "v6", "--token", "s3cret");

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("takes no operations (release operations are disabled)")
        .contains("SLIPWAY_RELEASE_OPERATIONS_TOKEN");
  }

  @Test
  void aCoordinatorNotReadyYetIsAskedAgainAfterItsRetryAfter() {
    String view =
        view(
            List.of(lane("dc1", v7("COMPLETED", "dc2", List.of("dc1", "dc2")), null)),
            List.of(v7("COMPLETED", "dc2", List.of("dc1", "dc2"))));
    coordinator.onGet(
        new Answer(
            503,
            Map.of("Retry-After", "2"),
            "{\"error\":\"the release state is not queryable yet: REBALANCING\"}"),
        ok(view));

    int exit = run("release", "list", REPO, "--json");

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(view + "\n");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "slipway: the release-coordinator is not ready (the release state is not queryable"
                + " yet: REBALANCING); asking again in 2.000 s\n");
    List<Request> requests = coordinator.requests();
    assertThat(requests).hasSize(2);
    assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1950));
  }

  @Test
  void anOperationAskedAgainAfterA503IsTheSameOperation() throws IOException {
    coordinator.onPost(
        new Answer(
            503,
            Map.of("Retry-After", "0"),
            "{\"error\":\"the request was published but not decided within 10 s\"}"),
        Answer.json(202, accepted(v7("WAITING", "dc1", List.of()))));

    int exit = run("release", "rollback", REPO, "--to", "v4", "--no-wait", "--token", "s3cret");

    assertThat(exit).isZero();
    List<Request> posts = coordinator.requests();
    assertThat(posts).hasSize(2);
    String first = EventJson.mapper().readTree(posts.get(0).body()).get("operationId").asText();
    assertThat(first).isNotBlank();
    assertThat(EventJson.mapper().readTree(posts.get(1).body()).get("operationId").asText())
        .isEqualTo(first);
  }

  @Test
  void aCoordinatorThatIsNotThereIsThePlatformUnavailableExitFour() throws IOException {
    String nobody = "http://127.0.0.1:" + FreePorts.take();

    int exit =
        new Cli(OpsConfig.load(null), Clock.systemUTC(), "alice", print(out), print(err))
            .run(List.of("release", "list", REPO, "--url", nobody));

    assertThat(exit).isEqualTo(4);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "slipway: the platform is unavailable: cannot reach the release-coordinator at "
                + nobody
                + ": connection refused\n");
  }

  @Test
  void anUnknownRepositoryIsSaidAsTheCoordinatorSaysIt() {
    coordinator.onGet(Answer.json(404, "{\"error\":\"no release of acme/shop is known\"}"));

    assertThat(run("release", "list", REPO)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("slipway: no release of acme/shop is known\n");
  }

  private static ObjectNode v7(String state, String datacenter, List<String> rolledOutIn) {
    return release(
        7,
        ROLLBACK,
        "v1.0",
        IMAGE,
        state,
        datacenter,
        rolledOutIn,
        state.equals("COMPLETED") ? 3 : 1,
        null);
  }

  private static Answer ok(String json) {
    return Answer.json(200, json);
  }

  private int run(String... args) {
    List<String> command = new ArrayList<>(Arrays.asList(args));
    command.addAll(List.of("--url", coordinator.url()));
    return new Cli(OpsConfig.load(null), Clock.systemUTC(), "alice", print(out), print(err))
        .run(command);
  }

  /** What was printed, without the elapsed time that ends each progress line. */
  private static List<String> lines(ByteArrayOutputStream stream) {
    return stream
        .toString(StandardCharsets.UTF_8)
        .lines()
        .map(line -> line.replaceFirst("  \\[[0-9.]+ s]$", ""))
        .toList();
  }

  private static PrintStream print(ByteArrayOutputStream stream) {
    return new PrintStream(stream, true, StandardCharsets.UTF_8);
  }

  private static StubCoordinator newCoordinator() {
    try {
      return new StubCoordinator();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The body as sent, less the operation id the client chose (checked on its own). */
  private static JsonNode withoutOperationId(String body) throws IOException {
    ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(body);
    assertThat(tree.path("operationId").asText()).isNotBlank();
    tree.remove("operationId");
    return tree;
  }
}
