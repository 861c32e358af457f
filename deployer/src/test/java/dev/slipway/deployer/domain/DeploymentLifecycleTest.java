package dev.slipway.deployer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeploymentLifecycleTest {

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource({
    "PENDING, ACCEPTED, APPLYING",
    "PENDING, REJECTED, FAILED",
    "APPLYING, APPLIED, ROLLING_OUT",
    "APPLYING, APPLY_REFUSED, FAILED",
    "ROLLING_OUT, AVAILABLE, ROLLED_OUT",
    "ROLLING_OUT, NOT_AVAILABLE, FAILED",
    "FAILED, ROLLBACK_STARTED, ROLLING_BACK",
    "ROLLING_BACK, ROLLBACK_AVAILABLE, ROLLED_BACK",
    "ROLLING_BACK, ROLLBACK_NOT_AVAILABLE, FAILED",
  })
  void allowsTheDesignedTransitions(
      DeploymentState from, DeploymentSignal signal, DeploymentState to) {
    assertThat(DeploymentLifecycle.next(from, signal)).isEqualTo(to);
  }

  @ParameterizedTest(name = "nothing leaves {0}")
  @CsvSource({"ROLLED_OUT", "ROLLED_BACK"})
  void endStatesHaveNoWayOut(DeploymentState end) {
    for (DeploymentSignal signal : DeploymentSignal.values()) {
      assertThatThrownBy(() -> DeploymentLifecycle.next(end, signal))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @ParameterizedTest(name = "{0} refuses what it was not designed for")
  @CsvSource({
    "PENDING, ACCEPTED REJECTED",
    "APPLYING, APPLIED APPLY_REFUSED",
    "ROLLING_OUT, AVAILABLE NOT_AVAILABLE",
    "FAILED, ROLLBACK_STARTED",
    "ROLLING_BACK, ROLLBACK_AVAILABLE ROLLBACK_NOT_AVAILABLE",
  })
  void refusesEveryOtherSignal(DeploymentState from, String allowed) {
    Set<DeploymentSignal> refused = EnumSet.allOf(DeploymentSignal.class);
    for (String name : allowed.split(" ")) {
      refused.remove(DeploymentSignal.valueOf(name));
    }
    for (DeploymentSignal signal : refused) {
      assertThatThrownBy(() -> DeploymentLifecycle.next(from, signal))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(from + " on " + signal);
    }
  }

  @ParameterizedTest(name = "{0} reports {1}")
  @CsvSource({"ROLLED_OUT, ROLLED_OUT", "FAILED, FAILED", "ROLLED_BACK, ROLLED_BACK"})
  void endStatesMapToTheReportedOutcome(DeploymentState state, String outcome) {
    assertThat(state.outcome()).hasValueSatisfying(o -> assertThat(o.name()).isEqualTo(outcome));
  }
}
