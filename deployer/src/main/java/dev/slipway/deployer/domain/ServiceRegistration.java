package dev.slipway.deployer.domain;

import java.time.Instant;
import java.util.List;

/**
 * A service that rolled out in a datacenter, as announced in that datacenter's registry.
 *
 * @param port the port the service is exposed on (see {@link Target.RolloutStatus#port()})
 * @param endpoints the {@code host:port} addresses that answered; empty: {@code port} on every
 *     upstream
 */
public record ServiceRegistration(
    String service,
    String datacenter,
    String repo,
    String release,
    int releaseNumber,
    String tag,
    String image,
    int port,
    int replicas,
    List<String> endpoints,
    Instant deployedAt) {

  public ServiceRegistration {
    endpoints = List.copyOf(endpoints);
  }
}
