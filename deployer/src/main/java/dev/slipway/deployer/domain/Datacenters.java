package dev.slipway.deployer.domain;

import java.util.Optional;
import java.util.Set;

/** The datacenters this deployer is configured for. */
public interface Datacenters {

  Optional<Datacenter> find(String name);

  Set<String> names();
}
