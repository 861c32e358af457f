package dev.slipway.deployer.domain;

/**
 * Where a datacenter's running services are announced (its etcd). Registering is idempotent; when
 * the registry cannot be reached it throws an unchecked exception the caller retries later.
 */
public interface ServiceRegistry {

  void register(ServiceRegistration registration);
}
