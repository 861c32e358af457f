package dev.slipway.deployer.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** A fixed set of datacenters, by name. */
public final class KnownDatacenters implements Datacenters {

  private final Map<String, Datacenter> byName = new TreeMap<>();

  private KnownDatacenters(Iterable<Datacenter> datacenters) {
    datacenters.forEach(datacenter -> byName.put(datacenter.name(), datacenter));
  }

  public static Datacenters of(Iterable<Datacenter> datacenters) {
    return new KnownDatacenters(datacenters);
  }

  public static Datacenters of(Datacenter... datacenters) {
    return of(List.of(datacenters));
  }

  @Override
  public Optional<Datacenter> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  @Override
  public Set<String> names() {
    return byName.keySet();
  }
}
