package dev.slipway.deployer.etcd;

import dev.slipway.deployer.domain.ServiceRegistration;
import java.time.Instant;

/** The JSON value of a service key in etcd; its field names are a contract with every reader. */
public record ServiceEntry(
    String repo, String release, String tag, String image, int port, int replicas, Instant deployedAt) {

  ServiceEntry(ServiceRegistration registration) {
    this(
        registration.repo(),
        registration.release(),
        registration.tag(),
        registration.image(),
        registration.port(),
        registration.replicas(),
        registration.deployedAt());
  }
}
