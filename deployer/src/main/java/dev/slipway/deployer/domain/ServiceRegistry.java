package dev.slipway.deployer.domain;

import java.util.Optional;

/**
 * Where a datacenter's running services are announced (its etcd), and who owns each service name
 * there. Every call is idempotent; when the registry cannot be reached a call throws an unchecked
 * exception the caller retries later.
 */
public interface ServiceRegistry {

  /**
   * Records {@code repo} as the owner of {@code service} unless another repository already is.
   *
   * @return the owner: {@code repo} itself, or the repository that claimed the name first
   */
  String claim(String service, String datacenter, String repo);

  /** The release registered as running, if any. */
  Optional<Registered> registered(String service, String datacenter);

  /**
   * Registers the release unless a newer one (a higher release number) is registered already; a
   * concurrent writer never overwrites a newer entry either (the write is conditioned on what was
   * read).
   *
   * @return empty when written; else the newer release that stays registered
   */
  Optional<Registered> register(ServiceRegistration registration);

  /** A registered release. */
  record Registered(String release, int releaseNumber) {}
}
