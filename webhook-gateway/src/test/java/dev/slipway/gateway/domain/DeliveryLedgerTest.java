package dev.slipway.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.domain.DeliveryLedger.Admission;
import dev.slipway.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
  private final DeliveryLedger ledger = new DeliveryLedger(clock, Duration.ofHours(24), 3);

  @Test
  void aPublishedDeliveryIsADuplicateAfterwards() {
    assertThat(ledger.claim("d1").admission()).isEqualTo(Admission.FIRST);
    ledger.published("d1", clock.instant());

    assertThat(ledger.claim("d1").admission()).isEqualTo(Admission.PUBLISHED);
  }

  @Test
  void aConcurrentCopyLearnsThatTheFirstWasPublished() {
    ledger.claim("d1");
    DeliveryLedger.Claim second = ledger.claim("d1");

    assertThat(second.admission()).isEqualTo(Admission.IN_FLIGHT);
    assertThat(second.otherCopy().toCompletableFuture()).isNotDone();
    ledger.published("d1", clock.instant());
    assertThat(second.otherCopy().toCompletableFuture()).isCompletedWithValue(true);
  }

  @Test
  void aFailedPublishLetsTheNextCopyTryAgain() {
    ledger.claim("d1");
    DeliveryLedger.Claim concurrent = ledger.claim("d1");
    ledger.failed("d1");

    assertThat(concurrent.otherCopy().toCompletableFuture()).isCompletedWithValue(false);
    assertThat(ledger.claim("d1").admission()).isEqualTo(Admission.FIRST);
  }

  @Test
  void aTimedOutPublishThatReachedTheTopicAfterAllStaysPublished() {
    ledger.claim("d1");
    ledger.published("d1", clock.instant());
    ledger.failed("d1");

    assertThat(ledger.claim("d1").admission()).isEqualTo(Admission.PUBLISHED);
  }

  @Test
  void deliveriesAreForgottenAfterTheWindow() {
    ledger.published("d1", clock.instant());
    clock.advance(Duration.ofHours(23));
    assertThat(ledger.claim("d1").admission()).isEqualTo(Admission.PUBLISHED);

    clock.advance(Duration.ofHours(1));
    assertThat(ledger.claim("d1").admission()).isEqualTo(Admission.FIRST);
  }

  @Test
  void deliveriesReadBackFromBeforeTheWindowAreNotRemembered() {
    ledger.published("d1", clock.instant().minus(Duration.ofHours(25)));

    assertThat(ledger.size()).isZero();
  }

  @Test
  void theOldestDeliveriesAreForgottenBeyondTheSizeBound() {
    for (String id : new String[] {"d1", "d2", "d3", "d4"}) {
      ledger.published(id, clock.instant());
    }

    assertThat(ledger.size()).isEqualTo(3);
    assertThat(ledger.claim("d1").admission()).isEqualTo(Admission.FIRST);
    assertThat(ledger.claim("d4").admission()).isEqualTo(Admission.PUBLISHED);
  }
}
