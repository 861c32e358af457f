package dev.slipway.compiler.config;

import dev.slipway.compiler.domain.PipelineLimits;
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
   * How long a repository stays known as unreachable after its last failed try; its events are
   * rejected meanwhile with that failure, with a probe every {@link #unreachableProbeInterval()}.
   */
  @WithDefault("10m")
  Duration unreachableMemory();

  /**
   * While a repository is known unreachable, how old its last failed try must be before an event is
   * tried again; the events in between are rejected without a try. {@code 0s}: each event gets one.
   */
  @WithDefault("30s")
  Duration unreachableProbeInterval();

  /**
   * The datacenters this platform deploys to: a {@code release.datacenters} entry naming another is
   * rejected. {@code *} accepts any name (an empty value cannot override a default in Quarkus).
   */
  @WithDefault("dc1,dc2")
  List<String> datacenters();

  /** Characters of {@code .slipway.yml} read at most; a longer file is rejected. */
  @WithDefault("1000000")
  int maxFileCharacters();

  /** Tasks one {@code .slipway.yml} may have. */
  @WithDefault("100")
  int maxTasks();

  /** Commands of one task, {@code pre}, {@code cmds} and {@code post} together. */
  @WithDefault("1000")
  int maxCommandsPerTask();

  /** UTF-8 bytes of one task's generated entrypoint script. */
  @WithDefault("262144")
  int maxEntrypointBytes();

  /** UTF-8 bytes of the names and values of one task's environment (the file's and the task's). */
  @WithDefault("131072")
  int maxEnvBytes();

  /**
   * Serialized bytes of one event on {@code slipway.task-spec}, uncompressed; a larger one rejects
   * the pipeline. Kept under the topic's {@code max.message.bytes} (Kafka's default is 1048588).
   */
  @WithDefault("1000000")
  int maxEventBytes();

  /** The limits as the parser takes them. */
  default PipelineLimits pipelineLimits() {
    return new PipelineLimits(
        maxFileCharacters(), maxTasks(), maxCommandsPerTask(), maxEntrypointBytes(), maxEnvBytes());
  }

  /** {@link #datacenters()} as the parser takes it: empty when any name is accepted. */
  default List<String> knownDatacenters() {
    return datacenters().contains(ANY_DATACENTER) ? List.of() : datacenters();
  }
}
