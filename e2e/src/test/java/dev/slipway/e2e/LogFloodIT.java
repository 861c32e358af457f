package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testsupport.github.FakeGitHub;
import dev.slipway.testsupport.github.FakeGitHub.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pull request whose task writes 1 GB, through the whole flow with real podman: the run keeps the
 * runner's default 64 MB of it, says so at the log's end, ends with the task's own exit code, and its
 * page answers at once with the log's tail.
 */
class LogFloodIT {

  private static final long GIGABYTE = 1_000_000_000L;
  private static final long LIMIT = 64L * 1024 * 1024;
  private static final String LINE = "flood line of a task that writes far more than any log keeps, ninety bytes long......";

  private static PullRequestFlow flow;
  private static FakeGitHub github;

  @BeforeAll
  static void startTheFlow() {
    flow = PullRequestFlow.start();
    github = flow.github();
  }

  @AfterAll
  static void stopTheFlow() {
    if (flow != null) {
      flow.close();
    }
  }

  @Test
  void aGigabyteLogIsTruncatedTheRunKeepsItsResultAndItsPageAnswersAtOnce() throws Exception {
    GitRepository repository = flow.repository("acme/flood");
    String sha =
        repository.commit(
            "feature/flood",
            Map.of(
                ".slipway.yml",
                "image: " + flow.baseImage() + "\ntasks:\n  flood:\n    cmds:\n"
                    + "      - echo before-the-flood\n"
                    // pipefail is on: yes ends on SIGPIPE once head has its gigabyte
                    + "      - busybox yes '" + LINE + "' | busybox head -c " + GIGABYTE + " || true\n"
                    + "      - exit 4\n"),
            "a task that writes 1 GB");
    SignedWebhooks webhooks = flow.webhooks();

    assertThat(webhooks.deliver(UUID.randomUUID().toString(), webhooks.payload("opened", "acme/flood", 21, sha, null)))
        .isEqualTo(202);

    await().atMost(Duration.ofMinutes(5)).until(() -> {
      Status status = github.latest("acme/flood", sha).get("slipway/flood");
      return status != null && !status.state().equals("pending");
    });
    Status flood = github.latest("acme/flood", sha).get("slipway/flood");
    assertThat(flood.state()).as("the task's exit code 4 decides the run").isEqualTo("failure");

    long started = System.nanoTime();
    HttpResponse<String> page = get(flood.targetUrl());
    Duration answered = Duration.ofNanos(System.nanoTime() - started);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(answered).isLessThan(Duration.ofSeconds(1));
    assertThat(page.body().length()).as("characters of the page").isLessThan(300_000);
    assertThat(page.body()).contains("Exit code", "the whole log", "bytes discarded");

    Matcher offset = Pattern.compile("data-offset=\"(\\d+)\"").matcher(page.body());
    assertThat(offset.find()).isTrue();
    long length = Long.parseLong(offset.group(1));
    String end = get(flood.targetUrl() + "/log?from=" + (length - 200)).body();
    Matcher truncated = Pattern.compile("\n--- log truncated at 64 MB: (\\d+) bytes discarded\n$").matcher(end);
    assertThat(truncated.find()).as("the log's end: " + end).isTrue();
    assertThat(Long.parseLong(truncated.group(1))).isGreaterThan(GIGABYTE - LIMIT);
    assertThat(get(flood.targetUrl() + "/log?from=0").body())
        .contains("\nbefore-the-flood\n", "busybox head -c " + GIGABYTE + " || true\n" + LINE + "\n" + LINE + "\n");
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
