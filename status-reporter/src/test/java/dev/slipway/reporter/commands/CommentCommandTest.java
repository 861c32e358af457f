package dev.slipway.reporter.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.reporter.commands.CommentCommand.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommentCommandTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/ok-to-test                     | OK_TO_TEST | ok-to-test |",
        "/retest                         | RETEST     | retest     |",
        "/retest unit                    | RETEST     | retest     | unit",
        "/retest   lint  please          | RETEST     | retest     | lint",
        "/cancel                         | CANCEL     | cancel     |",
        "/cancel unit                    | CANCEL     | cancel     |",
        "/Retest                         | RETEST     | retest     |",
        "/foo                            | UNKNOWN    | foo        |",
        "/lgtm ship it                   | UNKNOWN    | lgtm       |",
      })
  void aLineStartingWithASlashWordIsACommand(String body, Kind kind, String word, String task) {
    assertThat(CommentCommand.in(body)).contains(new CommentCommand(kind, word, task));
  }

  @Test
  void theFirstCommandLineOfACommentCounts() {
    String body = "Thanks, looks good.\r\n\r\n  /retest unit\n/cancel";

    assertThat(CommentCommand.in(body)).contains(new CommentCommand(Kind.RETEST, "retest", "unit"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "LGTM",
        "please /retest",
        "see /tmp/log.txt for details",
        "/tmp/log.txt is attached",
        "/ alone",
        "//comment",
        "/123",
        "",
      })
  void ordinaryTextIsNoCommand(String body) {
    assertThat(CommentCommand.in(body)).isEmpty();
  }

  @Test
  void aCommentSlipwayWroteIsNoCommand() {
    String reply =
        "@mallory only members of acme can use /retest\n/retest\n\n" + CommentCommand.SLIPWAY_MARK;

    assertThat(CommentCommand.in(reply)).isEmpty();
    assertThat(CommentCommand.in(null)).isEmpty();
  }
}
