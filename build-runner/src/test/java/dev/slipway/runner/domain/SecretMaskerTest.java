package dev.slipway.runner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

  private static final String TOKEN = "hunter2-s3cr3t";

  @Test
  void everyOccurrenceOfAValueIsMasked() {
    SecretMasker masker = SecretMasker.of(List.of(TOKEN));

    assertThat(masker.mask("token=" + TOKEN + "\nagain " + TOKEN + "!"))
        .isEqualTo("token=***\nagain ***!");
  }

  @Test
  void textWithoutValuesIsLeftAlone() {
    SecretMasker masker = SecretMasker.of(List.of(TOKEN));

    assertThat(masker.mask("hunter2-s3cr3 is almost it")).isEqualTo("hunter2-s3cr3 is almost it");
    assertThat(masker.mask(null)).isNull();
    assertThat(SecretMasker.NONE.mask("anything " + TOKEN)).isEqualTo("anything " + TOKEN);
  }

  @Test
  void aValueSplitAcrossTwoWritesIsMaskedAtEverySplit() {
    SecretMasker masker = SecretMasker.of(List.of(TOKEN));
    String text = "before " + TOKEN + " after\n";
    for (int split = 0; split <= text.length(); split++) {
      assertThat(written(masker, text.substring(0, split), text.substring(split)))
          .as("split at %d", split)
          .isEqualTo("before *** after\n");
    }
  }

  @Test
  void aValueWrittenOneByteAtATimeIsMasked() {
    SecretMasker masker = SecretMasker.of(List.of(TOKEN));
    String text = "x" + TOKEN + "y" + TOKEN;

    assertThat(written(masker, text.split(""))).isEqualTo("x***y***");
  }

  @Test
  void onlyWhatCouldStillBecomeAValueIsHeldBack() {
    SecretMasker.Stream stream = SecretMasker.of(List.of(TOKEN)).stream();

    assertThat(text(stream.write(bytes("line one\n")))).isEqualTo("line one\n");
    assertThat(text(stream.write(bytes("then hunt")))).isEqualTo("then ");
    assertThat(text(stream.write(bytes("ing season\n")))).isEqualTo("hunting season\n");
    assertThat(text(stream.write(bytes("ends with hunter2-s")))).isEqualTo("ends with ");
    assertThat(text(stream.finish())).as("the output ended: no value came").isEqualTo("hunter2-s");
  }

  @Test
  void overlappingValuesLeaveNoPartOfEither() {
    SecretMasker masker = SecretMasker.of(List.of("abcdef", "defghi"));

    assertThat(masker.mask("[abcdefghi]")).isEqualTo("[***]");
    assertThat(written(masker, "[abcde", "fgh", "i]")).isEqualTo("[***]");
    assertThat(masker.mask("[abcdef defghi]")).isEqualTo("[*** ***]");
  }

  @Test
  void aValueInsideALongerValueAndTheLongerOneAreBothMasked() {
    SecretMasker masker = SecretMasker.of(List.of("pass", "password1"));

    assertThat(masker.mask("pass password1 passwor")).isEqualTo("*** *** ***wor");
    assertThat(written(masker, "password", "1!")).isEqualTo("***!");
    assertThat(written(masker, "password", "2!")).isEqualTo("***word2!");
  }

  @Test
  void valuesFollowingEachOtherBecomeOneMask() {
    SecretMasker masker = SecretMasker.of(List.of(TOKEN));

    assertThat(written(masker, TOKEN, TOKEN, "\n")).isEqualTo("***\n");
  }

  @Test
  void valuesBeyondAsciiAndAcrossLinesAreMaskedByTheirExactBytes() {
    SecretMasker masker = SecretMasker.of(List.of("pässwörd-€", "line1\nline2"));
    String text = "a pässwörd-€ b line1\nline2 c";
    byte[] bytes = bytes(text);
    for (int split = 0; split <= bytes.length; split++) {
      SecretMasker.Stream stream = masker.stream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(stream.write(Arrays.copyOfRange(bytes, 0, split)));
      out.writeBytes(stream.write(Arrays.copyOfRange(bytes, split, bytes.length)));
      out.writeBytes(stream.finish());
      assertThat(out.toString(StandardCharsets.UTF_8))
          .as("split at byte %d", split)
          .isEqualTo("a *** b *** c");
    }
  }

  @Test
  void emptyValuesHideNothing() {
    SecretMasker masker = SecretMasker.of(List.of(""));

    assertThat(masker.masksNothing()).isTrue();
    assertThat(masker.mask("text")).isEqualTo("text");
  }

  private static String written(SecretMasker masker, String... writes) {
    SecretMasker.Stream stream = masker.stream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String write : writes) {
      out.writeBytes(stream.write(bytes(write)));
    }
    out.writeBytes(stream.finish());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
