package dev.slipway.deployer.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registry kept in maps, as etcd holds it: an owner and the registered release per service and
 * datacenter.
 */
class FakeRegistry implements ServiceRegistry {

  private final Map<String, String> owners = new HashMap<>();
  private final Map<String, ServiceRegistration> registered = new HashMap<>();
  private final List<String> calls;
  private ServiceRegistration newerMeanwhile;

  FakeRegistry(List<String> calls) {
    this.calls = calls;
  }

  FakeRegistry owned(String service, String datacenter, String repo) {
    owners.put(service + "/" + datacenter, repo);
    return this;
  }

  FakeRegistry holding(ServiceRegistration registration) {
    registered.put(registration.service() + "/" + registration.datacenter(), registration);
    return this;
  }

  /** Another writer registers this (newer) release between the deployer's check and its write. */
  FakeRegistry registeringMeanwhile(ServiceRegistration newer) {
    newerMeanwhile = newer;
    return this;
  }

  Optional<ServiceRegistration> entry(String service, String datacenter) {
    return Optional.ofNullable(registered.get(service + "/" + datacenter));
  }

  @Override
  public String claim(String service, String datacenter, String repo) {
    return owners.computeIfAbsent(service + "/" + datacenter, key -> repo);
  }

  @Override
  public Optional<Registered> registered(String service, String datacenter) {
    return entry(service, datacenter).map(r -> new Registered(r.release(), r.releaseNumber()));
  }

  @Override
  public Optional<Registered> register(ServiceRegistration registration) {
    if (newerMeanwhile != null) {
      holding(newerMeanwhile);
      newerMeanwhile = null;
    }
    Optional<Registered> current = registered(registration.service(), registration.datacenter());
    if (current.isPresent() && current.get().releaseNumber() > registration.releaseNumber()) {
      return current;
    }
    calls.add("register " + registration.release());
    holding(registration);
    return Optional.empty();
  }
}
