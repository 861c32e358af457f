package dev.slipway.platform.runtime;

import dev.slipway.platform.workers.Supervisor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Down, with the cause, while a background thread of the service is dead for good: Kubernetes then
 * restarts the service, and {@code ./slipway status} shows it as unhealthy.
 */
@Liveness
@Readiness
@ApplicationScoped
public class WorkersHealthCheck implements HealthCheck {

  private final Workers workers;

  WorkersHealthCheck(Workers workers) {
    this.workers = workers;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("background-workers").up();
    for (Supervisor.Failure failure : workers.failures()) {
      response.down().withData(failure.worker(), failure.cause());
    }
    return response.build();
  }
}
