package dev.slipway.compiler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskResources;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookReceived;
import dev.slipway.testsupport.Webhooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs generated entrypoints with real shells: dash (Debian's /bin/sh) and busybox sh. */
class EntrypointTest {

  private static final List<String> SHELLS = List.of("/bin/sh", "busybox sh");
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  @TempDir Path workspace;

  static Stream<Arguments> phases() {
    List<Phases> tasks =
        List.of(
            task("pre, cmds and post run in order")
                .pre("echo pre-1", "echo pre-2")
                .cmds("echo cmd-1", "echo cmd-2")
                .post("echo post")
                .ends(0, "pre-1", "pre-2", "cmd-1", "cmd-2", "post"),
            task("post runs after a failing command, whose status is kept")
                .pre("echo pre")
                .cmds("echo cmd-1", "sh -c 'exit 7'", "echo never")
                .post("echo post")
                .ends(7, "pre", "cmd-1", "post"),
            task("a failing pre skips cmds, runs post and fails the task")
                .pre("false")
                .cmds("echo never")
                .post("echo post")
                .ends(1, "post"),
            task("exit in cmds still runs post")
                .cmds("echo cmd", "exit 3")
                .post("echo post")
                .ends(3, "cmd", "post"),
            task("a failing post leaves the result to cmds")
                .cmds("echo cmd")
                .post("false", "echo never")
                .ends(0, "cmd"),
            task("exports and cd in pre carry over to cmds")
                .pre("export GREETING=hello", "mkdir -p sub", "cd sub")
                .cmds("echo \"$GREETING from ${PWD##*/}\"")
                .ends(0, "hello from sub"),
            task("unset variables are errors")
                .cmds("echo \"$NOT_SET\"", "echo never")
                .post("echo post")
                .ends(2, "post"),
            task("a multi-line command is echoed line by line and runs as one")
                .cmds("for word in a b; do\n  echo \"it's $word\"\ndone\n")
                .ends(0, "it's a", "it's b"));
    return SHELLS.stream().flatMap(shell -> tasks.stream().map(task -> Arguments.of(shell, task)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("phases")
  void runsThePhasesOfATask(String shell, Phases task) throws Exception {
    String script =
        TaskCompiler.entrypoint(
            new Pipeline.Task(
                "check",
                3,
                null,
                task.pre(),
                task.cmds(),
                task.post(),
                null,
                Map.of(),
                TaskResources.PLATFORM_DEFAULTS));

    ScriptRunner.Run run = ScriptRunner.run(shell, script, workspace, Map.of());

    assertThat(run.status()).as(run.output()).isEqualTo(task.status());
    assertThat(run.userLines()).as(run.output()).containsExactlyElementsOf(task.lines());
    assertThat(run.output())
        .startsWith("==> slipway check: pre\n")
        .contains("==> slipway check: post\n")
        .endsWith("==> slipway check: done: status " + task.status() + "\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/bin/sh", "busybox sh"})
  void hostileTextFromGitHubAndTheFileIsNeverExecuted(String shell) throws Exception {
    Path marker = workspace.resolve("pwned");
    List<String> hostile =
        withInjections(
            marker,
            "x'; touch " + marker + "; echo '",
            "line\ntouch " + marker,
            "${IFS}$(touch${IFS}" + marker + ")");
    for (String text : hostile) {
      FakePipelineSource source =
          new FakePipelineSource()
              .withFile(
                  "org/shop",
                  SHA,
                  "image: alpine\n"
                      + "env:\n  HOSTILE: "
                      + yamlQuoted(text)
                      + "\n"
                      + "tasks:\n  echo:\n    cmds:\n"
                      + "      - printf '%s\\n' \"$SLIPWAY_REF\" \"$SLIPWAY_BASE_REF\" \"$HOSTILE\"\n"
                      + "      - echo $SLIPWAY_REF $HOSTILE\n");
      Planner planner =
          new Planner(new Pipelines(source, 10), new TaskCompiler(Duration.ofMinutes(20)));
      WebhookReceived webhook =
          Webhooks.pullRequest("org/shop", 7, SHA)
              .branches(text, text)
              .fromFork("fork/shop")
              .sender("mallory")
              .build();

      // A fork's pull request runs once a member approved it.
      PullRequestCommand approved =
          new PullRequestCommand(
              webhook.deliveryId(),
              PullRequestCommand.Kind.OK_TO_TEST,
              null,
              "alice",
              "org/shop",
              null,
              (WebhookDetails.PullRequest) webhook.details(),
              List.of());

      TaskPlanned planned =
          PlannerTest.events(planner.command(approved, null), TaskPlanned.class).get(0);
      ScriptRunner.Run run =
          ScriptRunner.run(shell, planned.entrypoint(), workspace, planned.env());

      assertThat(planned.entrypoint()).doesNotContain(text);
      assertThat(planned.env()).containsEntry("SLIPWAY_REF", text).containsEntry("HOSTILE", text);
      assertThat(run.status()).as(run.output()).isZero();
      assertThat(run.output())
          .as("printed as data")
          .contains(text + "\n" + text + "\n" + text + "\n");
      assertThat(Files.exists(marker)).as("executed: " + text).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/bin/sh", "busybox sh"})
  void quotedTextReadsBackUnchanged(String shell) throws Exception {
    Path marker = workspace.resolve("pwned");
    List<String> hostile = withInjections(marker, "''", "\\'", "a\nb", "", "$HOME *");
    for (String text : hostile) {
      ScriptRunner.Run run =
          ScriptRunner.run(shell, "printf '%s' " + Shell.quote(text) + "\n", workspace, Map.of());

      assertThat(run.output()).isEqualTo(text);
      assertThat(Files.exists(marker)).isFalse();
    }
  }

  /**
   * The given texts after the ways a text may try to run a command that creates {@code marker}:
   * command substitution, backquotes, a command separator and unbalanced quotes.
   */
  private static List<String> withInjections(Path marker, String... more) {
    List<String> texts =
        new ArrayList<>(
            List.of(
                "$(touch " + marker + ")", "`touch " + marker + "`", "a;touch " + marker, "'\""));
    texts.addAll(List.of(more));
    return texts;
  }

  private static String yamlQuoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static Phases task(String behaviour) {
    return new Phases(behaviour, List.of(), List.of(), List.of(), 0, List.of());
  }

  /**
   * A task's {@code pre}, {@code cmds} and {@code post}, none unless named, and how running them
   * must end: its status and the lines it printed.
   */
  record Phases(
      String behaviour,
      List<String> pre,
      List<String> cmds,
      List<String> post,
      int status,
      List<String> lines) {

    Phases pre(String... commands) {
      return new Phases(behaviour, List.of(commands), cmds, post, status, lines);
    }

    Phases cmds(String... commands) {
      return new Phases(behaviour, pre, List.of(commands), post, status, lines);
    }

    Phases post(String... commands) {
      return new Phases(behaviour, pre, cmds, List.of(commands), status, lines);
    }

    Phases ends(int status, String... lines) {
      return new Phases(behaviour, pre, cmds, post, status, List.of(lines));
    }

    @Override
    public String toString() {
      return behaviour;
    }
  }
}
