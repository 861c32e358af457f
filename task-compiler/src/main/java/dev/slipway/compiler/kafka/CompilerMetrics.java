package dev.slipway.compiler.kafka;

import dev.slipway.compiler.domain.Plan;
import dev.slipway.compiler.domain.PlanningListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The compiler's metrics: {@code slipway.compiler.plans{outcome}}, every outcome registered at 0
 * from the start so that a panel shows 0 rather than no data, and {@code slipway.compiler.fetch},
 * the git fetch of a commit, with a percentile histogram.
 */
final class CompilerMetrics implements PlanningListener {

  static final String PLANS = "slipway.compiler.plans";
  static final String FETCH = "slipway.compiler.fetch";

  private final Map<Plan.Outcome, Counter> plans = new EnumMap<>(Plan.Outcome.class);
  private final Timer fetch;

  CompilerMetrics(MeterRegistry meters) {
    for (Plan.Outcome outcome : Plan.Outcome.values()) {
      plans.put(
          outcome,
          Counter.builder(PLANS)
              .description("webhooks planned, by outcome (a retry counts again)")
              .tag("outcome", outcome.tag())
              .register(meters));
    }
    fetch =
        Timer.builder(FETCH)
            .description("git fetches of a commit the cache lacked, failed ones too")
            .publishPercentileHistogram()
            .register(meters);
  }

  @Override
  public void handled(Plan.Outcome outcome) {
    plans.get(outcome).increment();
  }

  @Override
  public void fetched(Duration took) {
    fetch.record(took);
  }
}
