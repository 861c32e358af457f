package dev.slipway.runner.domain;

import java.util.Optional;

/**
 * Where the platform keeps the secrets of tasks: a folder on the local stack, Kubernetes Secrets in
 * production. Only the runner reads it, when a run starts; Kafka carries the names alone.
 */
public interface SecretSource {

  /**
   * The value of the secret {@code name} of {@code repository} ({@code owner/repo}): the
   * repository's own, else its owner's; empty when neither is defined.
   */
  Optional<String> value(String repository, String name);
}
