package dev.slipway.deployer.config;

import dev.slipway.deployer.domain.Deployer;
import dev.slipway.deployer.domain.ProxyCheck;
import dev.slipway.deployer.http.HttpHealthProbe;
import io.quarkus.runtime.Shutdown;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** Wires the plain-Java deployer to the configured datacenters. */
@ApplicationScoped
public class DeployerBeans {

  /**
   * The proxy is reloaded within a second of the registration: ask often, and never wait long for
   * one answer.
   */
  private static final Duration PROXY_POLL_INTERVAL = Duration.ofMillis(100);

  private static final Duration PROXY_PROBE_TIMEOUT = Duration.ofSeconds(1);

  private final ConfiguredDatacenters datacenters;
  private final Deployer deployer;

  DeployerBeans(DeployerSettings settings, Clock clock) {
    this.datacenters = new ConfiguredDatacenters(settings, clock);
    this.deployer =
        new Deployer(
            datacenters.datacenters(),
            settings.rolloutTimeout(),
            new ProxyCheck(
                new HttpHealthProbe(PROXY_PROBE_TIMEOUT),
                settings.serveTimeout(),
                PROXY_POLL_INTERVAL,
                clock),
            clock);
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
