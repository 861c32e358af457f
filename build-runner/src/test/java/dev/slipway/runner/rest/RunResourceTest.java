package dev.slipway.runner.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.RunState;
import dev.slipway.events.TaskPlanned;
import dev.slipway.platform.organisations.Organisations;
import dev.slipway.runner.domain.Execution;
import dev.slipway.runner.domain.OrganisationLimits;
import dev.slipway.runner.domain.RunRecord;
import dev.slipway.runner.domain.RunRequest;
import dev.slipway.runner.domain.RunScheduler;
import dev.slipway.runner.domain.SecretResolver;
import dev.slipway.runner.domain.TaskExecutor;
import dev.slipway.runner.domain.TaskSecrets;
import dev.slipway.runner.errors.ErrorNormalizer;
import dev.slipway.runner.state.FileRunJournal;
import dev.slipway.runner.state.RunLogFiles;
import dev.slipway.testsupport.TaskPlans;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's page and raw log for a log of 50 MB: the page carries the tail, the raw log streams it
 * all.
 */
class RunResourceTest {

  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final int TAIL_BYTES = 256 * 1024;
  private static final String LINE = "x".repeat(99) + "\n";
  private static final int LINES = 500_000;

  @TempDir Path folder;
  private RunLogFiles logs;
  private RunResource resource;
  private long logLength;

  @BeforeEach
  void bigLog() throws IOException {
    logs =
        new RunLogFiles(folder.resolve("logs"), RunLogFiles.DEFAULT_MAX_OUTPUT_BYTES, TAIL_BYTES);
    logs.step("run-1", "--- clone org/shop");
    byte[] lines = LINE.repeat(1000).getBytes(StandardCharsets.UTF_8);
    try (OutputStream output = Files.newOutputStream(logs.output("run-1"))) {
      output.write("first output line\n".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < LINES / 1000; i++) {
        output.write(lines);
      }
      output.write("main.c:4:3: error: <last> line\n".getBytes(StandardCharsets.UTF_8));
    }
    logLength = logs.length("run-1");
    FileRunJournal journal = new FileRunJournal(folder.resolve("state"));
    journal.save(
        new RunRecord(
            new RunRequest(task(), "cause-1", "correlation-1"),
            RunState.FAILED,
            NOW,
            NOW,
            NOW,
            1,
            List.of(),
            "exit 1",
            null));
    RunScheduler runs =
        new RunScheduler(
            1,
            new OrganisationLimits(() -> new Organisations(List.of())),
            new NoExecutor(),
            new SecretResolver((repository, name) -> Optional.empty()),
            (request, id, event) -> {},
            journal,
            logs,
            new ErrorNormalizer(),
            Clock.fixed(NOW, ZoneOffset.UTC),
            "http://runner.example",
            Executors.newSingleThreadExecutor(),
            (from, run) -> {});
    resource = new RunResource(runs, logs, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void thePageOfARunWithABigLogShowsItsTailAndLinksTheWholeLog() {
    String page = resource.page("run-1");

    assertThat(logLength).isGreaterThan(50_000_000);
    assertThat(page.length()).as("characters served").isLessThan(TAIL_BYTES + 8 * 1024);
    assertThat(page)
        .contains("main.c:4:3: error: &lt;last&gt; line\n</pre>")
        .contains("data-offset=\"" + logLength + "\"")
        .contains("<a href=\"run-1/log\">the whole log</a>")
        .doesNotContain("first output line", "--- clone");
    assertThat(page.substring(page.indexOf("<pre id=\"log\"")))
        .as("the log starts on a whole line")
        .startsWith("<pre id=\"log\" data-offset=\"" + logLength + "\">" + LINE);
  }

  @Test
  void theRawLogStreamsTheWholeLogAndFromAnOffset() throws IOException {
    Response whole = resource.log("run-1", null);
    CountingOutput counted = new CountingOutput();
    ((StreamingOutput) whole.getEntity()).write(counted);

    assertThat(counted.count).isEqualTo(logLength);
    assertThat(whole.getHeaderString("X-Log-Next-Offset")).isEqualTo(String.valueOf(logLength));
    assertThat(whole.getHeaderString("X-Run-Finished")).isEqualTo("true");

    Response end = resource.log("run-1", logLength - 7);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ((StreamingOutput) end.getEntity()).write(text);
    assertThat(text.toString(StandardCharsets.UTF_8)).isEqualTo("> line\n");
  }

  private static TaskPlanned task() {
    return TaskPlans.taskPlanned()
        .pullRequestNumber(1)
        .cloneUrl("http://git.example/org/shop.git")
        .entrypoint("make")
        .build();
  }

  private static final class CountingOutput extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      count += length;
    }
  }

  /** The page never runs anything. */
  private static final class NoExecutor implements TaskExecutor {
    @Override
    public Execution execute(RunRequest request, Instant deadline, TaskSecrets secrets) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void stop(String runId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Set<String> present() {
      return Set.of();
    }

    @Override
    public void remove(String runId) {
      throw new UnsupportedOperationException();
    }
  }
}
