package dev.slipway.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeliveryHeadersTest {

  private static final String SIGNATURE = "sha256=" + "0123456789abcdef".repeat(4);
  private static final String GUID = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

  static Stream<Arguments> headers() {
    return Stream.of(
        Arguments.of("GitHub's headers", SIGNATURE, "push", GUID, null, null),
        Arguments.of(
            "delivery id of the longest allowed length",
            SIGNATURE,
            "push",
            "d".repeat(64),
            null,
            null),
        Arguments.of("no signature", null, "push", GUID, IntakeOutcome.Status.UNVERIFIED, ""),
        Arguments.of(
            "signature without prefix",
            SIGNATURE.substring(7),
            "push",
            GUID,
            IntakeOutcome.Status.UNVERIFIED,
            ""),
        Arguments.of(
            "digest too long", SIGNATURE + "0", "push", GUID, IntakeOutcome.Status.UNVERIFIED, ""),
        Arguments.of(
            "digest not hex",
            "sha256=" + "g".repeat(64),
            "push",
            GUID,
            IntakeOutcome.Status.UNVERIFIED,
            ""),
        Arguments.of(
            "malformed signature and nothing else",
            "x",
            null,
            null,
            IntakeOutcome.Status.UNVERIFIED,
            ""),
        Arguments.of(
            "no event",
            SIGNATURE,
            null,
            GUID,
            IntakeOutcome.Status.INVALID,
            "missing X-GitHub-Event header"),
        Arguments.of(
            "blank event",
            SIGNATURE,
            " ",
            GUID,
            IntakeOutcome.Status.INVALID,
            "missing X-GitHub-Event header"),
        Arguments.of(
            "no delivery id",
            SIGNATURE,
            "push",
            null,
            IntakeOutcome.Status.INVALID,
            "missing X-GitHub-Delivery header"),
        Arguments.of(
            "delivery id of 65 characters",
            SIGNATURE,
            "push",
            "d".repeat(65),
            IntakeOutcome.Status.INVALID,
            "X-GitHub-Delivery longer than 64 characters"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("headers")
  void refusesOnlyHeadersNoBodyCouldMakeAcceptable(
      String description,
      String signature,
      String event,
      String deliveryId,
      IntakeOutcome.Status status,
      String reason) {
    Optional<IntakeOutcome> refusal = DeliveryHeaders.refusal(signature, event, deliveryId);

    assertThat(refusal.map(IntakeOutcome::status).orElse(null)).isEqualTo(status);
    assertThat(refusal.map(IntakeOutcome::reason).orElse(null)).isEqualTo(reason);
  }
}
