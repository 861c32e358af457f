package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testsupport.git.FakeGitServer;
import dev.slipway.testsupport.github.FakeGitHub;
import dev.slipway.testsupport.github.FakeGitHub.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Organisations as a platform team configures them, across the services: two organisations with
 * their own webhook secrets, GitHub tokens and write budgets; private repositories that the git
 * server serves only with the owner's token, which the reporter hands to the compiler and the
 * runner; a platform-held secret given to trusted runs only and masked wherever it would show; and
 * the pull-request commands a member gives in comments.
 */
class OrganisationsFlowIT {

  private static final Duration FLOW = Duration.ofSeconds(180);
  private static final String ACME_SECRET = "acme-webhook-secret";
  private static final String GLOBEX_SECRET = "globex-webhook-secret";
  private static final String ACME_TOKEN = "ghs_acme_e2e_token";
  private static final String GLOBEX_TOKEN = "ghs_globex_e2e_token";
  private static final String SECRET_VALUE = "s3cr3t-publish-value";
  private static final String MEMBER = "octocat";

  private static FakeGitServer git;
  private static PullRequestFlow flow;
  private static FakeGitHub github;
  private static SignedWebhooks acme;
  private static SignedWebhooks globex;

  @BeforeAll
  static void startTheFlow() throws IOException {
    Path work = Files.createTempDirectory("slipway-e2e-organisations");
    Path config = work.resolve("organisations");
    write(config.resolve("acme/webhook-secret"), ACME_SECRET);
    write(config.resolve("acme/github-token"), ACME_TOKEN);
    write(config.resolve("globex/webhook-secret"), GLOBEX_SECRET);
    write(config.resolve("globex/github-token"), GLOBEX_TOKEN);
    write(
        config.resolve("organisations.yaml"),
        """
        organisations:
          - name: acme
            webhook-secret-files: [acme/webhook-secret]
            github: {token-file: acme/github-token}
          - name: globex
            webhook-secret-files: [globex/webhook-secret]
            github: {token-file: globex/github-token}
            write-budget: {per-minute: 2, per-hour: 2}
        """);
    write(work.resolve("secrets/acme/publish-token"), SECRET_VALUE + "\n");
    git =
        FakeGitServer.serving(work.resolve("git"))
            .requireToken("acme", ACME_TOKEN)
            .requireToken("globex", GLOBEX_TOKEN);
    flow =
        PullRequestFlow.startServing(
            work,
            Map.of(
                "SLIPWAY_ORGANISATIONS_FILE", config.resolve("organisations.yaml").toString(),
                "SLIPWAY_CREDENTIALS_DIR", work.resolve("credentials").toString(),
                "SLIPWAY_SECRETS_DIR", work.resolve("secrets").toString()),
            git.urlTemplate());
    github = flow.github();
    github.member("acme", MEMBER);
    String gateway = flow.service("webhook-gateway").baseUrl();
    acme = new SignedWebhooks(gateway, ACME_SECRET);
    globex = new SignedWebhooks(gateway, GLOBEX_SECRET);
  }

  @AfterAll
  static void stopTheFlow() {
    if (flow != null) {
      flow.close();
    }
    if (git != null) {
      git.close();
    }
  }

  @Test
  void aTrustedPullRequestOfAPrivateRepositoryGetsItsSecretAndShowsItMasked() throws Exception {
    GitRepository repository = flow.repository("acme/private");
    String sha = repository.commit("feature/secret", Map.of(".slipway.yml", secretPipeline()), "a");

    acmeOpens("acme/private", 1, sha);

    awaitFlow()
        .until(() -> github.finished("acme/private", sha, "slipway/publish", "slipway/leak"));
    Status publish = github.latest("acme/private", sha).get("slipway/publish");
    assertThat(publish.state()).isEqualTo("success");
    String log = httpGet(publish.targetUrl() + "/log");
    assertThat(log)
        .contains("token is ***")
        .contains("withheld: none")
        .doesNotContain(SECRET_VALUE);
    Status leak = github.latest("acme/private", sha).get("slipway/leak");
    assertThat(leak.state()).isEqualTo("failure");
    assertThat(leak.description()).contains("***").doesNotContain(SECRET_VALUE);
    assertThat(httpGet(leak.targetUrl() + "/log")).doesNotContain(SECRET_VALUE);
    assertThat(git.requests())
        .as(
            "the compiler and the runner read the private repository with acme's token (git asks"
                + " without credentials first, and sends them when the server answers 401)")
        .filteredOn(request -> request.repository().equals("acme/private"))
        .filteredOn(request -> request.service().equals("git-upload-pack"))
        .hasSizeGreaterThanOrEqualTo(2)
        .allMatch(FakeGitServer.Request::authorized);
  }

  @Test
  void theSameTaskFromAMembersForkRunsWithoutTheSecretAndIsToldWhichOneWasWithheld()
      throws Exception {
    GitRepository repository = flow.repository("acme/forked");
    String sha =
        repository.commit("feature/fork", Map.of(".slipway.yml", secretPipeline()), "from a fork");

    assertThat(acme.deliver(delivery(), acme.forkPayload("acme/forked", 2, sha, MEMBER)))
        .isEqualTo(202);

    awaitFlow().until(() -> github.finished("acme/forked", sha, "slipway/publish"));
    Status publish = github.latest("acme/forked", sha).get("slipway/publish");
    assertThat(publish.state()).isEqualTo("success");
    String log = httpGet(publish.targetUrl() + "/log");
    assertThat(log).contains("withheld: TOKEN").contains("token is \n").doesNotContain("***");
  }

  @Test
  void aNonMembersForkWaitsUntilAMemberCommentsOkToTest() {
    GitRepository repository = flow.repository("acme/waiting");
    String first = repository.commit("feature/first", Map.of(".slipway.yml", passing()), "first");
    acmeOpens("acme/waiting", 1, first);
    awaitFlow().until(() -> github.finished("acme/waiting", first, "slipway/pass"));
    String sha = repository.commit("feature/outside", Map.of("README", "a change"), "outside");

    assertThat(acme.deliver(delivery(), acme.forkPayload("acme/waiting", 2, sha, "mallory")))
        .isEqualTo(202);

    awaitFlow()
        .until(
            () ->
                "waiting for /ok-to-test from a member"
                    .equals(description("acme/waiting", sha, "slipway/config")));
    assertThat(github.latest("acme/waiting", sha)).doesNotContainKey("slipway/pass");

    memberComments(
        new FakeGitHub.PullRequest(
            "acme/waiting", 2, sha, "feature/outside", "mallory/waiting", "main"),
        501,
        "/ok-to-test");

    awaitFlow().until(() -> github.finished("acme/waiting", sha, "slipway/pass"));
    assertThat(github.latest("acme/waiting", sha).get("slipway/pass").state()).isEqualTo("success");
    assertThat(github.reactions(501)).extracting(FakeGitHub.Reaction::content).contains("+1");
  }

  @Test
  void retestRunsOnlyTheFailedTaskAgain() {
    GitRepository repository = flow.repository("acme/retest");
    String sha = repository.commit("feature/flaky", Map.of(".slipway.yml", passAndFail()), "flaky");
    acmeOpens("acme/retest", 3, sha);
    awaitFlow().until(() -> github.finished("acme/retest", sha, "slipway/pass", "slipway/fail"));

    memberComments(
        new FakeGitHub.PullRequest("acme/retest", 3, sha, "feature/flaky", "acme/retest", "main"),
        601,
        "/retest");

    awaitFlow()
        .until(
            () -> {
              Status fail = github.latest("acme/retest", sha).get("slipway/fail");
              return fail.targetUrl() != null
                  && fail.targetUrl().contains("-rerun-")
                  && !fail.state().equals("pending");
            });
    assertThat(github.statuses("acme/retest", sha))
        .filteredOn(status -> status.context().equals("slipway/pass"))
        .extracting(Status::targetUrl)
        .as("the task that passed did not run again")
        .noneMatch(url -> url != null && url.contains("-rerun-"));
  }

  @Test
  void twoOrganisationsKeepTheirSecretsTokensAndBudgetsApart() {
    GitRepository busy = flow.repository("acme/busy");
    GitRepository limited = flow.repository("globex/app");
    String acmeSha = busy.commit("feature/busy", Map.of(".slipway.yml", passAndFail()), "busy");
    String globexSha =
        limited.commit("feature/app", Map.of(".slipway.yml", passAndFail()), "limited");

    assertThat(acme.deliver(delivery(), acme.payload("opened", "globex/app", 4, globexSha, null)))
        .as("globex's delivery signed with acme's secret")
        .isEqualTo(401);
    assertThat(
            globex.deliver(delivery(), globex.payload("opened", "globex/app", 4, globexSha, null)))
        .isEqualTo(202);
    acmeOpens("acme/busy", 4, acmeSha);

    awaitFlow().until(() -> github.finished("acme/busy", acmeSha, "slipway/pass", "slipway/fail"));
    awaitFlow().until(() -> github.statuses("globex/app", globexSha).size() == 2);
    assertThat(github.statuses("globex/app", globexSha))
        .as("globex's two writes an hour are spent; its other statuses wait, acme's did not")
        .hasSize(2);
    assertThat(writeTokens("acme/")).containsOnly("token " + ACME_TOKEN);
    assertThat(writeTokens("globex/")).containsOnly("token " + GLOBEX_TOKEN);
  }

  /** A pull request of one of acme's repositories is opened, and the gateway accepts it. */
  private static void acmeOpens(String repository, int number, String sha) {
    assertThat(acme.deliver(delivery(), acme.payload("opened", repository, number, sha, null)))
        .isEqualTo(202);
  }

  /**
   * A member of acme comments {@code command} on {@code pullRequest}, which GitHub knows as open.
   */
  private static void memberComments(
      FakeGitHub.PullRequest pullRequest, long commentId, String command) {
    github.pullRequest(pullRequest);
    assertThat(
            acme.deliver(
                "issue_comment",
                delivery(),
                acme.commentPayload(
                    pullRequest.repository(), pullRequest.number(), commentId, command, MEMBER)))
        .isEqualTo(202);
  }

  /** The Authorization of every status written for an owner's repositories. */
  private static List<String> writeTokens(String ownerPrefix) {
    return github.requests().stream()
        .filter(request -> request.method().equals("POST"))
        .filter(request -> request.path().startsWith("/repos/" + ownerPrefix))
        .filter(request -> request.path().contains("/statuses/"))
        .map(FakeGitHub.Request::authorization)
        .distinct()
        .toList();
  }

  private static String secretPipeline() {
    return "image: "
        + flow.baseImage()
        + "\ntasks:\n"
        + "  publish:\n"
        + "    env:\n"
        + "      TOKEN: {secret: publish-token}\n"
        + "    cmds:\n"
        + "      - 'echo \"token is ${TOKEN:-}\"'\n"
        + "      - 'echo \"withheld: ${SLIPWAY_WITHHELD_SECRETS:-none}\"'\n"
        + "  leak:\n"
        + "    env:\n"
        + "      TOKEN: {secret: publish-token}\n"
        + "    cmds:\n"
        + "      - 'echo \"src/main/java/Login.java:3: error: cannot log in with $TOKEN\"'\n"
        + "      - exit 1\n";
  }

  private static String passing() {
    return "image: " + flow.baseImage() + "\ntasks:\n  pass:\n    cmds: [\"echo fine\"]\n";
  }

  private static String passAndFail() {
    return "image: "
        + flow.baseImage()
        + "\ntasks:\n"
        + "  pass:\n    cmds: [\"echo fine\"]\n"
        + "  fail:\n    cmds:\n"
        + "      - \"echo 'src/main/java/App.java:7: error: cannot find symbol'\"\n"
        + "      - exit 1\n";
  }

  private static String description(String repository, String sha, String context) {
    Status status = github.latest(repository, sha).get(context);
    return status == null ? null : status.description();
  }

  private static ConditionFactory awaitFlow() {
    return await().atMost(FLOW).pollInterval(Duration.ofMillis(100));
  }

  private static String delivery() {
    return UUID.randomUUID().toString();
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static String httpGet(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), BodyHandlers.ofString());
    return response.body();
  }
}
