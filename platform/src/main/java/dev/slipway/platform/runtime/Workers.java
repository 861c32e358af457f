package dev.slipway.platform.runtime;

import dev.slipway.platform.workers.Supervisor;
import dev.slipway.platform.workers.Worker;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The service's background threads, supervised: every consumer loop, tail and writer is started
 * here, restarted when it fails and reported by {@link WorkersHealthCheck} when it cannot be.
 */
@ApplicationScoped
public class Workers {

  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Supervisor supervisor;

  Workers(KafkaSettings settings, MeterRegistry meters) {
    this.supervisor =
        new Supervisor(
            settings.retryBackoff(),
            MAX_BACKOFF,
            new Supervisor.Listener() {
              @Override
              public void restarting(String worker, RuntimeException cause) {
                meters.counter("slipway.workers.restarts", "worker", worker).increment();
              }

              @Override
              public void died(String worker, Error cause) {
                meters.counter("slipway.workers.died", "worker", worker).increment();
              }
            });
  }

  /**
   * Starts {@code name} on a thread of its own; {@code factory} makes a fresh worker for every
   * (re)start.
   */
  public void start(String name, Supplier<? extends Worker> factory) {
    supervisor.start(name, factory);
  }

  List<Supervisor.Failure> failures() {
    return supervisor.failures();
  }

  void onStop(@Observes ShutdownEvent event) {
    supervisor.close();
  }
}
