package dev.slipway.runner.domain;

import java.util.Map;

/**
 * The secrets of one run, resolved when it starts: the values its container gets as environment
 * variables, and the masker that hides them in everything shown of the run. Never journaled, never
 * published, never printed.
 *
 * @param environment environment variable → secret value
 */
public record TaskSecrets(Map<String, String> environment, SecretMasker masker) {

  /** A run without secrets. */
  public static final TaskSecrets NONE = new TaskSecrets(Map.of(), SecretMasker.NONE);

  public TaskSecrets {
    environment = Map.copyOf(environment);
  }

  public static TaskSecrets of(Map<String, String> environment) {
    return new TaskSecrets(environment, SecretMasker.of(environment.values()));
  }

  public boolean isEmpty() {
    return environment.isEmpty();
  }

  @Override
  public String toString() {
    return "TaskSecrets" + environment.keySet();
  }
}
