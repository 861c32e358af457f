package dev.slipway.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignatureVerifierTest {

  private static final byte[] BODY =
      "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
  private static final SignatureVerifier VERIFIER =
      new SignatureVerifier(List.of("current", "next"));

  static Stream<Arguments> signatures() {
    String valid = SignatureVerifier.sign("current", BODY);
    return Stream.of(
        Arguments.of("signed with the first secret", valid, true),
        Arguments.of("signed with the second secret", SignatureVerifier.sign("next", BODY), true),
        Arguments.of("hex in upper case", "sha256=" + valid.substring(7).toUpperCase(), true),
        Arguments.of(
            "signed with a rotated-out secret", SignatureVerifier.sign("previous", BODY), false),
        Arguments.of(
            "signature of another body",
            SignatureVerifier.sign("current", new byte[] {'{', '}'}),
            false),
        Arguments.of("no signature", null, false),
        Arguments.of("empty signature", "", false),
        Arguments.of("digest without algorithm prefix", valid.substring(7), false),
        Arguments.of("sha1 prefix", "sha1=" + valid.substring(7), false),
        Arguments.of("truncated digest", valid.substring(0, valid.length() - 2), false),
        Arguments.of(
            "digest with a non-hex character",
            valid.substring(0, valid.length() - 1) + "g",
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signatures")
  void verifiesOnlySignaturesOfTheBodyByAConfiguredSecret(
      String description, String header, boolean verified) {
    assertThat(VERIFIER.verifies(BODY, header)).isEqualTo(verified);
  }

  @Test
  void refusesToRunWithoutASecret() {
    assertThatThrownBy(() -> new SignatureVerifier(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SignatureVerifier(List.of("")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
