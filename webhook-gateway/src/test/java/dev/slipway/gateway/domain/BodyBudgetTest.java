package dev.slipway.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BodyBudgetTest {

  @Test
  void admitsBodiesWhileTheirSizesFitAndAgainOnceReleased() {
    BodyBudget budget = new BodyBudget(100);

    assertThat(budget.tryReserve(60)).isTrue();
    assertThat(budget.tryReserve(41)).isFalse();
    assertThat(budget.tryReserve(40)).isTrue();
    assertThat(budget.tryReserve(1)).isFalse();
    budget.release(60);
    assertThat(budget.tryReserve(60)).isTrue();
    assertThat(budget.reserved()).isEqualTo(100);
  }

  @Test
  void concurrentReservationsNeverExceedTheCapacity() throws Exception {
    BodyBudget budget = new BodyBudget(20);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> reservations = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        reservations.add(() -> budget.tryReserve(3));
      }
      long admitted = 0;
      for (Future<Boolean> admittedOne : threads.invokeAll(reservations)) {
        admitted += admittedOne.get() ? 1 : 0;
      }

      assertThat(admitted).isEqualTo(6);
      assertThat(budget.reserved()).isEqualTo(18);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void refusesAnEmptyBudget() {
    assertThatThrownBy(() -> new BodyBudget(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
