package dev.slipway.compiler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** How tasks are compiled ({@code slipway.compiler.*}). */
@ConfigMapping(prefix = "slipway.compiler")
public interface CompilerSettings {

  /** The {@link #datacenters()} entry that switches the check off. */
  String ANY_DATACENTER = "*";

  /** The timeout of a task whose {@code .slipway.yml} sets none. */
  @WithDefault("20m")
  Duration defaultTimeout();

  /** How many parsed {@code .slipway.yml} files, one per (repository, sha), are kept in memory. */
  @WithDefault("1000")
  int cacheSize();

  /**
   * How many times one webhook event is tried while its repository cannot be read, before the
   * pipeline is rejected as unreachable instead of holding up the events behind it.
   */
  @WithDefault("5")
  int unreachableAttempts();

  /**
   * How long a repository stays known as unreachable after one of its events was given up on; its
   * events get a single try each meanwhile.
   */
  @WithDefault("10m")
  Duration unreachableMemory();

  /**
   * The datacenters this platform deploys to: a {@code release.datacenters} entry naming another is
   * rejected. {@code *} accepts any name (an empty value cannot override a default in Quarkus).
   */
  @WithDefault("dc1,dc2")
  List<String> datacenters();

  /** {@link #datacenters()} as the parser takes it: empty when any name is accepted. */
  default List<String> knownDatacenters() {
    return datacenters().contains(ANY_DATACENTER) ? List.of() : datacenters();
  }
}
