package dev.slipway.deployer.etcd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.slipway.deployer.domain.ServiceRegistration;
import java.time.Instant;
import java.util.List;

/**
 * The JSON value of a service key in etcd; its field names are a contract with every reader
 * (haproxy's sync reads {@code port} and {@code endpoints}).
 *
 * @param endpoints {@code host:port} addresses of the replicas; empty: {@code port} on every
 *     upstream host
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceEntry(
    String repo,
    String release,
    int releaseNumber,
    String tag,
    String image,
    int port,
    int replicas,
    List<String> endpoints,
    Instant deployedAt) {

  ServiceEntry(ServiceRegistration registration) {
    this(
        registration.repo(),
        registration.release(),
        registration.releaseNumber(),
        registration.tag(),
        registration.image(),
        registration.port(),
        registration.replicas(),
        registration.endpoints(),
        registration.deployedAt());
  }
}
