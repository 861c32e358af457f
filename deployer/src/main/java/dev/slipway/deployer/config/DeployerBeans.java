package dev.slipway.deployer.config;

import dev.slipway.deployer.domain.Deployer;
import io.quarkus.runtime.Shutdown;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the plain-Java deployer to the configured datacenters. */
@ApplicationScoped
public class DeployerBeans {

  private final ConfiguredDatacenters datacenters;
  private final Deployer deployer;

  DeployerBeans(DeployerSettings settings, Clock clock) {
    this.datacenters = new ConfiguredDatacenters(settings, clock);
    this.deployer = new Deployer(datacenters.datacenters(), settings.rolloutTimeout(), clock);
  }

  @Produces
  @Singleton
  Deployer deployer() {
    return deployer;
  }

  @Shutdown
  void close() throws Exception {
    datacenters.close();
  }
}
