package dev.slipway.reporter.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookReceived;
import dev.slipway.reporter.commands.CommandDecision.Outcome;
import dev.slipway.reporter.commands.CommandDecision.Subject;
import dev.slipway.reporter.domain.CommitState;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.reporter.domain.HeadApproval;
import dev.slipway.reporter.domain.RequestBudget;
import dev.slipway.testsupport.MutableClock;
import dev.slipway.testsupport.Webhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PullRequestCommandsTest {

  private static final String REPO = "acme/shop";
  private static final String CLONE_URL = "https://github.com/acme/shop.git";
  private static final String HEAD = "4f2a9c1e0d3b5a6978877665544332211ffeeddc";
  private static final String WEBHOOK_HEAD = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  private final InMemoryGitHub github = new InMemoryGitHub();
  private final List<String> decided = new ArrayList<>();
  private boolean budgetLeft = true;
  private final PullRequestCommands commands =
      new PullRequestCommands(
          github,
          new Membership(github, new MutableClock(Instant.EPOCH), Duration.ofMinutes(10)),
          repository -> budget(),
          new PullRequestCommands.Listener() {
            @Override
            public void decided(Subject subject, Outcome outcome) {
              decided.add(subject.tag() + " " + outcome.tag());
            }
          });

  /**
   * The decision table: what happens to a pull request's event by who sent it and whether the head
   * lives in a fork. {@code -} is nothing.
   */
  @ParameterizedTest(name = "{0} by a member: {1}, fork: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // event          | member | fork  | outcome           | published  | config          |
        // reaction | reply
        "opened           | true   | true  | PUBLISHED         | OK_TO_TEST | reading         | -        | -",
        "opened           | false  | true  | WAITING           | -          | waiting         | -        | -",
        "synchronize      | false  | true  | WAITING           | -          | waiting         | -        | -",
        "opened           | false  | false | -                 | -          | -               | -        | -",
        "closed           | false  | true  | -                 | -          | -               | -        | -",
        "/ok-to-test      | true   | true  | PUBLISHED         | OK_TO_TEST | reading         | +1       | -",
        "/ok-to-test      | true   | false | PUBLISHED         | OK_TO_TEST | -               | +1       | -",
        "/ok-to-test      | false  | true  | REFUSED           | -          | -               | -1       | @mallory only members of acme can use /ok-to-test",
        "/retest          | true   | true  | PUBLISHED         | RETEST     | -               | +1       | -",
        "/retest          | false  | false | REFUSED           | -          | -               | -1       | @mallory only members of acme can use /retest",
        "/retest lint     | true   | false | PUBLISHED         | RETEST     | -               | +1       | -",
        "/cancel          | true   | true  | PUBLISHED         | CANCEL     | -               | +1       | -",
        "/cancel          | false  | true  | REFUSED           | -          | -               | -1       | @mallory only members of acme can use /cancel",
        "/foo             | true   | false | UNKNOWN           | -          | -               | confused | -",
        "/foo             | false  | true  | UNKNOWN           | -          | -               | confused | -",
        "LGTM             | true   | true  | -                 | -          | -               | -        | -",
      })
  void decisionTable(
      String event,
      boolean member,
      boolean fork,
      String outcome,
      String published,
      String config,
      String reaction,
      String reply)
      throws Exception {
    String sender = member ? "alice" : "mallory";
    if (member) {
      github.member("acme", sender);
    }
    github.pullRequest(REPO, head(fork));
    github.status(REPO, HEAD, "slipway/unit", CommitState.FAILURE);
    WebhookReceived webhook =
        event.startsWith("/") || event.equals("LGTM")
            ? comment(event).sender(sender).build()
            : pullRequest(event, fork).sender(sender).build();

    Optional<CommandDecision> decision = commands.decide(webhook);
    decision.ifPresent(commands::answer);

    assertThat(decision.map(d -> d.outcome().name()).orElse("-")).isEqualTo(outcome);
    assertThat(decision.flatMap(CommandDecision::command).map(c -> c.kind().name()).orElse("-"))
        .isEqualTo(published);
    assertThat(decision.flatMap(CommandDecision::approval).map(this::shown).orElse("-"))
        .isEqualTo(config);
    assertThat(github.reactions)
        .extracting(InMemoryGitHub.Written::what)
        .containsExactlyElementsOf(reaction.equals("-") ? List.of() : List.of(reaction));
    assertThat(github.comments)
        .extracting(written -> written.what().lines().findFirst().orElseThrow())
        .containsExactlyElementsOf(reply.equals("-") ? List.of() : List.of(reply));
  }

  @Test
  void aMembersForkPullRequestIsApprovedWithTheDeliveryAsCommandId() throws Exception {
    github.member("acme", "alice");
    WebhookReceived webhook =
        pullRequest("opened", true).sender("alice").delivery("delivery-7").build();

    PullRequestCommand command = commands.decide(webhook).orElseThrow().command().orElseThrow();

    assertThat(command)
        .isEqualTo(
            new PullRequestCommand(
                "delivery-7",
                PullRequestCommand.Kind.OK_TO_TEST,
                null,
                "alice",
                REPO,
                CLONE_URL,
                (WebhookDetails.PullRequest) webhook.details(),
                List.of()));
    assertThat(decided).containsExactly("fork_pull_request published");
  }

  @Test
  void aCommandCarriesThePullRequestsHeadAsGitHubShowsItAndTheCommentsId() throws Exception {
    github.member("acme", "alice");
    github.pullRequest(REPO, head(true));
    WebhookReceived webhook = comment("/ok-to-test").sender("alice").build();
    long commentId = ((WebhookDetails.Comment) webhook.details()).commentId();

    CommandDecision decision = commands.decide(webhook).orElseThrow();

    assertThat(decision.command())
        .contains(
            new PullRequestCommand(
                String.valueOf(commentId),
                PullRequestCommand.Kind.OK_TO_TEST,
                null,
                "alice",
                REPO,
                CLONE_URL,
                head(true),
                List.of()));
    assertThat(decision.approval()).contains(new HeadApproval(REPO, HEAD, true));
    assertThat(decision.commentId()).isEqualTo(commentId);
  }

  @Test
  void retestWithoutATaskTakesTheTasksThatFailedOrErredOnTheHead() throws Exception {
    github.member("acme", "alice");
    github.pullRequest(REPO, head(false));
    github.status(REPO, HEAD, "slipway/unit", CommitState.FAILURE);
    github.status(REPO, HEAD, "slipway/lint", CommitState.SUCCESS);
    github.status(REPO, HEAD, "slipway/e2e", CommitState.ERROR);
    github.status(REPO, HEAD, "slipway/slow", CommitState.PENDING);
    github.status(REPO, HEAD, "slipway/config", CommitState.FAILURE);
    github.status(REPO, HEAD, "ci/other", CommitState.FAILURE);
    github.status(REPO, WEBHOOK_HEAD, "slipway/old", CommitState.FAILURE);

    PullRequestCommand retest =
        commands
            .decide(comment("/retest").sender("alice").build())
            .orElseThrow()
            .command()
            .orElseThrow();
    PullRequestCommand named =
        commands
            .decide(comment("/retest lint").sender("alice").build())
            .orElseThrow()
            .command()
            .orElseThrow();

    assertThat(retest.failedTasks()).containsExactly("e2e", "unit");
    assertThat(retest.task()).isNull();
    assertThat(named.task()).isEqualTo("lint");
    assertThat(named.failedTasks()).isEmpty();
  }

  @Test
  void retestWithNothingFailedRepliesInsteadOfPublishing() throws Exception {
    github.member("acme", "alice");
    github.pullRequest(REPO, head(false));
    github.status(REPO, HEAD, "slipway/unit", CommitState.SUCCESS);

    CommandDecision decision =
        commands.decide(comment("/retest").sender("alice").build()).orElseThrow();
    commands.answer(decision);

    assertThat(decision.outcome()).isEqualTo(Outcome.NOTHING_TO_RETEST);
    assertThat(decision.command()).isEmpty();
    assertThat(github.reactions).isEmpty();
    assertThat(github.comments)
        .extracting(InMemoryGitHub.Written::what)
        .containsExactly(
            "@alice nothing to retest: no Slipway task failed on 4f2a9c1\n\n"
                + CommentCommand.SLIPWAY_MARK);
  }

  @Test
  void onlyNewCommentsOnPullRequestsAreRead() throws Exception {
    github.member("acme", "alice");
    github.pullRequest(REPO, head(false));

    assertThat(commands.decide(comment("/cancel").sender("alice").action("edited").build()))
        .isEmpty();
    assertThat(commands.decide(Webhooks.comment(REPO, null, "/cancel").sender("alice").build()))
        .as("a comment on an issue")
        .isEmpty();
    assertThat(decided).isEmpty();
  }

  @Test
  void aPullRequestGitHubDoesNotShowEndsTheCommandUnanswered() throws Exception {
    github.member("acme", "alice");

    CommandDecision decision =
        commands.decide(comment("/cancel").sender("alice").build()).orElseThrow();

    assertThat(decision.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(decision.command()).isEmpty();
    assertThat(decision.reaction()).isEmpty();
  }

  @Test
  void whileGitHubDoesNotAnswerNothingIsDecided() {
    github.member("acme", "alice");
    github.pullRequest(REPO, head(true));
    github.down = GitHubWriteException.Kind.RATE_LIMITED;

    assertThatThrownBy(() -> commands.decide(comment("/ok-to-test").sender("alice").build()))
        .isInstanceOf(GitHubWriteException.class);
    assertThatThrownBy(() -> commands.decide(pullRequest("opened", true).sender("bob").build()))
        .as("never taken for a member, nor for a non-member")
        .isInstanceOf(GitHubWriteException.class);
    assertThat(decided).isEmpty();
  }

  @Test
  void answersAreLeftOutWhenTheWriteBudgetIsSpent() throws Exception {
    CommandDecision decision =
        commands.decide(comment("/ok-to-test").sender("mallory").build()).orElseThrow();
    budgetLeft = false;

    commands.answer(decision);

    assertThat(decision.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(github.reactions).isEmpty();
    assertThat(github.comments).isEmpty();
  }

  private RequestBudget budget() {
    return () -> budgetLeft;
  }

  private String shown(HeadApproval approval) {
    assertThat(approval.repository()).isEqualTo(REPO);
    return approval.approved() ? "reading" : "waiting";
  }

  private static WebhookDetails.PullRequest head(boolean fork) {
    return new WebhookDetails.PullRequest(
        7, HEAD, "feature", "main", fork ? "mallory/shop" : REPO, fork, null);
  }

  private static Webhooks.Builder pullRequest(String action, boolean fork) {
    Webhooks.Builder builder =
        Webhooks.pullRequest(REPO, 7, HEAD).action(action).cloneUrl(CLONE_URL);
    return fork ? builder.fromFork("mallory/shop") : builder;
  }

  private static Webhooks.Builder comment(String body) {
    return Webhooks.comment(REPO, 7, body).cloneUrl(CLONE_URL);
  }
}
