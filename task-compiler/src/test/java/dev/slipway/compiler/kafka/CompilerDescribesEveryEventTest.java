package dev.slipway.compiler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseOrigin;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import dev.slipway.testsupport.TaskPlans;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event type the compiler publishes has its own line in the log: a type added to the
 * task-spec family fails here until {@link WebhookCompiler#describe} says how to log it.
 */
class CompilerDescribesEveryEventTest {

  private static final String REPO = "acme/shop";
  private static final String SHA = "4f2a9c1e0d3b5a6978877665544332211ffeeddc";

  private static final Map<Class<?>, TaskSpecEvent> SAMPLES =
      List.<TaskSpecEvent>of(
              TaskPlans.taskPlanned()
                  .runId("run-7")
                  .repository(REPO)
                  .sha(SHA)
                  .task("unit")
                  .contentHash("0123456789abcdef")
                  .build(),
              new RunsCancelled(REPO, 7, SHA, RunsCancelled.SUPERSEDED),
              new PipelinePlanned(REPO, SHA, 7, true, List.of("unit")),
              new PipelineRejected(REPO, SHA, 7, "tasks: expected a mapping", 3),
              new ReleaseRequested(
                  "release-3f2a",
                  REPO,
                  "v3",
                  SHA,
                  "https://github.com/acme/shop.git",
                  Instant.parse("2026-11-30T10:00:00Z"),
                  null,
                  null,
                  List.of("dc1"),
                  ReleaseRequested.QueueMode.SUPERSEDE),
              new ReleaseSkipped("release-3f2a", REPO, "v3", SHA, "a prerelease"),
              new ReleaseOperationRequested(
                  "gh-deployment-145988746",
                  REPO,
                  ReleaseOrigin.Operation.REDEPLOY,
                  null,
                  "v3",
                  List.of("dc1"),
                  "alice",
                  Instant.parse("2026-11-30T10:00:00Z"),
                  145988746L))
          .stream()
          .collect(Collectors.toMap(Object::getClass, Function.identity()));

  static List<Class<?>> typesTheCompilerPublishes() {
    return Arrays.asList(Topics.TASK_SPEC.family().getPermittedSubclasses());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typesTheCompilerPublishes")
  void eachTypeHasALogLineThatNamesItsRepository(Class<?> type) {
    assertThat(SAMPLES)
        .as("a sample of %s here, and its line in WebhookCompiler.describe", type.getSimpleName())
        .containsKey(type);

    assertThat(WebhookCompiler.describe(SAMPLES.get(type)))
        .hasValueSatisfying(line -> assertThat(line).contains("repo=" + REPO));
  }
}
