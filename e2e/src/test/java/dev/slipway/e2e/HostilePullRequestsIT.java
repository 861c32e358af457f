package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import dev.slipway.testsupport.KafkaBroker;
import dev.slipway.testsupport.ZeroBody;
import dev.slipway.testsupport.github.FakeGitHub.Status;
import dev.slipway.testsupport.registry.LocalRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an outsider tries against a running Slipway, on the real parts (broker, registry, podman,
 * services as processes, fake GitHub through the real client), and what they see: a fork's task
 * reaches none of the ports the platform listens on, a YAML alias bomb costs its author a failed
 * {@code slipway/config} and nobody else anything, a task that writes 1 GB ends as a truncated log
 * with its own result and a page that shows a bounded tail, and a flood of large unsigned posts is
 * refused while the gateway stays ready for GitHub. A fork's push to the registry never reaches it,
 * and a task image whose tag someone overwrote is not what the next run of that task runs.
 */
class HostilePullRequestsIT {

  private static final Duration FLOW = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TWENTY_MEGABYTES = 20 * 1024 * 1024;
  private static final long GIGABYTE = 1_000_000_000L;
  private static final long LOG_LIMIT = 64L * 1024 * 1024;
  private static final String FLOOD_LINE =
      "flood line of a task that writes far more than any log keeps, ninety bytes long......";

  private static final String FORK_AUTHOR = "outsider";

  @AutoClose private static PullRequestFlow flow;

  @BeforeAll
  static void startTheFlow() {
    flow = PullRequestFlow.start();
    // The forks' author is a member of acme, so their pull requests run at once (a non-member's
    // would wait for /ok-to-test): what runs is what these tests contain.
    flow.github().member("acme", FORK_AUTHOR);
  }

  @Test
  void aForksTaskReachesNoPortThePlatformListensOn() throws Exception {
    List<Integer> ports = platformPorts();
    // The control listens inside the task's own box: it proves the probe tells an open port from a
    // closed one.
    String control =
        "nc -l -p 9999 </dev/null >/dev/null & sleep 0.5; nc -w 2 127.0.0.1 9999 </dev/null && echo control port reached";
    String probe =
        "reached=0; for port in "
            + ports.stream().map(String::valueOf).collect(Collectors.joining(" "))
            + "; do if nc -w 2 127.0.0.1 $port </dev/null 2>/dev/null; then echo \"reached $port\"; reached=1; fi; done;"
            + " echo probed "
            + ports.size()
            + " ports; exit $reached";
    GitRepository repository = flow.repository("acme/probed");
    String sha =
        repository.commit(
            "fork/probe",
            Map.of(".slipway.yml", flow.oneTask("probe", "'" + control + "'", "'" + probe + "'")),
            "a fork's probe");

    assertThat(
            flow.webhooks()
                .deliver(flow.webhooks().forkPayload("acme/probed", 21, sha, FORK_AUTHOR)))
        .isEqualTo(202);

    awaitFinal("acme/probed", sha, "slipway/probe");
    Status shown = flow.github().latest("acme/probed", sha).get("slipway/probe");
    String log = get(shown.targetUrl() + "/log");
    assertThat(log).contains("control port reached").contains("probed " + ports.size() + " ports");
    assertThat(Pattern.compile("reached \\d+").matcher(log).results().map(MatchResult::group))
        .as("ports the task reached")
        .isEmpty();
    assertThat(shown.state()).as(log).isEqualTo("success");
  }

  @Test
  void aForksTaskThatPushesToTheRegistryIsRefusedAndTheRegistryAnswersNoOneWithoutTheAccount()
      throws Exception {
    String upload = "http://" + LocalRegistry.address() + "/v2/outsider/smuggled/blobs/uploads/";
    String push =
        "if busybox wget -O- --post-data start "
            + upload
            + "; then echo upload started; else echo push refused; fi";
    String sha =
        flow.repository("acme/pushed")
            .commit(
                "fork/push",
                Map.of(".slipway.yml", flow.oneTask("push", "'" + push + "'")),
                "a fork's push to the registry");

    assertThat(
            flow.webhooks()
                .deliver(flow.webhooks().forkPayload("acme/pushed", 26, sha, FORK_AUTHOR)))
        .isEqualTo(202);

    awaitFinal("acme/pushed", sha, "slipway/push");
    String log =
        get(flow.github().latest("acme/pushed", sha).get("slipway/push").targetUrl() + "/log");
    assertThat(log)
        .contains("Connection refused", "\npush refused\n")
        .doesNotContain("\nupload started\n");
    assertThat(get("http://" + LocalRegistry.address() + "/v2/_catalog"))
        .doesNotContain("outsider/smuggled");
    LocalRegistry.Secured secured = LocalRegistry.secured();
    HttpResponse<String> anonymous =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://" + secured.address() + "/v2/outsider/smuggled/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode())
        .as("an upload without the runner's account, as the stack's registry answers it")
        .isEqualTo(401);
  }

  @Test
  void aTaskImageTagOverwrittenInTheRegistryIsNotRun() throws Exception {
    GitRepository repository = flow.repository("acme/pinned");
    String pipeline = flow.oneTask("build", "echo from the image the runner pushed");
    String first =
        repository.commit(
            "feature/pinned", Map.of(".slipway.yml", pipeline), "the task image is pushed");
    assertThat(flow.webhooks().open("acme/pinned", 27, first)).isEqualTo(202);
    awaitFinal("acme/pinned", first, "slipway/build");
    String firstLog =
        get(flow.github().latest("acme/pinned", first).get("slipway/build").targetUrl() + "/log");
    Matcher image =
        Pattern.compile(
                "--- image "
                    + Pattern.quote(LocalRegistry.address())
                    + "/(\\S+)@(sha256:[0-9a-f]{64})")
            .matcher(firstLog);
    assertThat(image.find()).as(firstLog).isTrue();
    String path = image.group(1);
    String pushed = image.group(2);

    JsonNode tags =
        JSON.readTree(get("http://" + LocalRegistry.address() + "/v2/" + path + "/tags/list"))
            .get("tags");
    assertThat(tags).as("the task image's tags").hasSize(1);
    String tag = LocalRegistry.address() + "/" + path + ":" + tags.get(0).asText();
    Jib.from(RegistryImage.named(LocalRegistry.busybox()))
        .setEntrypoint("/bin/sh", "-c", "echo poisoned")
        .containerize(Containerizer.to(RegistryImage.named(tag)).setAllowInsecureRegistries(true));
    String second =
        repository.commit(
            "feature/pinned",
            Map.of("README.md", "same task, next commit\n"),
            "the tag is overwritten meanwhile");
    assertThat(flow.webhooks().synchronize("acme/pinned", 27, second, first)).isEqualTo(202);

    awaitFinal("acme/pinned", second, "slipway/build");
    String secondLog =
        get(flow.github().latest("acme/pinned", second).get("slipway/build").targetUrl() + "/log");
    assertThat(secondLog)
        .contains("from the image the runner pushed", "@" + pushed)
        .doesNotContain("poisoned");
  }

  @Test
  void aScalarAliasBombFailsItsConfigAndTheNextPullRequestOfAnotherRepositoryPasses() {
    String bombSha =
        flow.repository("acme/bombed")
            .commit("feature/bomb", Map.of(".slipway.yml", scalarAliasBomb()), "bomb");
    String nextSha =
        flow.repository("acme/next")
            .commit(
                "feature/next", Map.of(".slipway.yml", flow.oneTask("pass", "echo fine")), "next");

    assertThat(flow.webhooks().open("acme/bombed", 22, bombSha)).isEqualTo(202);
    assertThat(flow.webhooks().open("acme/next", 23, nextSha)).isEqualTo(202);

    awaitFinal("acme/bombed", bombSha, "slipway/config");
    Status config = flow.github().latest("acme/bombed", bombSha).get("slipway/config");
    assertThat(config.state()).isEqualTo("failure");
    assertThat(config.description()).contains("limit");
    awaitFinal("acme/next", nextSha, "slipway/pass");
    assertThat(flow.github().latest("acme/next", nextSha).get("slipway/pass").state())
        .isEqualTo("success");
  }

  @Test
  void eightConcurrentUnsigned20MegabytePostsGet401AndTheGatewayStaysReady() {
    String gateway = flow.service("webhook-gateway").baseUrl();
    List<CompletableFuture<Integer>> answers =
        ZeroBody.unsignedPosts(gateway + "/webhooks/github", 8, TWENTY_MEGABYTES);

    assertThat(answers).allSatisfy(answer -> assertThat(answer.join()).isEqualTo(401));
    assertThat(status(gateway + "/q/health/ready")).isEqualTo(200);
    String sha =
        flow.repository("acme/after-flood")
            .commit("feature/after", Map.of("README.md", "no pipeline\n"), "after");
    assertThat(flow.webhooks().open("acme/after-flood", 24, sha)).isEqualTo(202);
  }

  @Test
  void aGigabyteLogIsTruncatedTheRunKeepsItsResultAndItsPageShowsABoundedTail() throws Exception {
    GitRepository repository = flow.repository("acme/flood");
    String sha =
        repository.commit(
            "feature/flood",
            Map.of(
                ".slipway.yml",
                flow.oneTask(
                    "flood",
                    "echo before-the-flood",
                    // pipefail is on: yes ends on SIGPIPE once head has its gigabyte
                    "busybox yes '" + FLOOD_LINE + "' | busybox head -c " + GIGABYTE + " || true",
                    "exit 4")),
            "a task that writes 1 GB");

    assertThat(flow.webhooks().open("acme/flood", 25, sha)).isEqualTo(202);

    awaitFinal("acme/flood", sha, "slipway/flood");
    Status flood = flow.github().latest("acme/flood", sha).get("slipway/flood");
    assertThat(flood.state()).as("the task's exit code 4 decides the run").isEqualTo("failure");
    HttpResponse<String> page = response(flood.targetUrl());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body().length()).as("characters of the page").isLessThan(300_000);
    assertThat(page.body()).contains("Exit code", "the whole log", "bytes discarded");
    Matcher offset = Pattern.compile("data-offset=\"(\\d+)\"").matcher(page.body());
    assertThat(offset.find()).isTrue();
    long length = Long.parseLong(offset.group(1));
    String end = get(flood.targetUrl() + "/log?from=" + (length - 200));
    Matcher truncated =
        Pattern.compile("\n--- log truncated at 64 MB: (\\d+) bytes discarded\n$").matcher(end);
    assertThat(truncated.find()).as("the log's end: " + end).isTrue();
    assertThat(Long.parseLong(truncated.group(1))).isGreaterThan(GIGABYTE - LOG_LIMIT);
    assertThat(get(flood.targetUrl() + "/log?from=0"))
        .contains(
            "\nbefore-the-flood\n",
            "busybox head -c " + GIGABYTE + " || true\n" + FLOOD_LINE + "\n" + FLOOD_LINE + "\n");
  }

  /**
   * Every port a task could use against the platform: the broker, each service, GitHub's stand-in,
   * the registry.
   */
  private static List<Integer> platformPorts() {
    List<Integer> ports = new ArrayList<>();
    ports.add(portOf("http://" + KafkaBroker.bootstrapServers()));
    for (String module :
        List.of("webhook-gateway", "task-compiler", "build-runner", "status-reporter")) {
      ports.add(portOf(flow.service(module).baseUrl()));
    }
    ports.add(portOf(flow.github().url()));
    ports.add(portOf("http://" + LocalRegistry.address()));
    return ports;
  }

  private static int portOf(String url) {
    return URI.create(url).getPort();
  }

  /** One 200 kB command used 50,000 times more through YAML aliases: about 10 GB once expanded. */
  private static String scalarAliasBomb() {
    return "image: "
        + flow.baseImage()
        + "\ntasks:\n  build:\n    cmds:\n"
        + "      - &a \"echo "
        + "x".repeat(200_000)
        + "\"\n"
        + "      - *a\n".repeat(50_000);
  }

  private static void awaitFinal(String repository, String sha, String context) {
    await().atMost(FLOW).until(() -> flow.github().finished(repository, sha, context));
  }

  private static String get(String url) throws Exception {
    return response(url).body();
  }

  private static HttpResponse<String> response(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int status(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
