package dev.slipway.ops.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.ops.config.OpsConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code replay --rerun} is refused, before anything is read, for every topic but webhooks. */
class ReplayRerunTest {

  @ParameterizedTest
  @ValueSource(strings = {"slipway.dead-letter", "slipway.task-spec", "slipway.build-job"})
  void aRerunOfAnythingButWebhooksIsRefusedSayingWhy(String topic) {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Cli cli = new Cli(OpsConfig.load(null), Clock.systemUTC(), "alice", out, out);

    assertThatThrownBy(
            () -> cli.run(List.of("replay", "--topic", topic, "--from", "1h", "--rerun")))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "--rerun needs --topic slipway.webhook: runs are planned from webhooks, so only a"
                + " webhook can ask for its runs again (a dead-lettered webhook was never planned:"
                + " replay it without --rerun)");
  }
}
