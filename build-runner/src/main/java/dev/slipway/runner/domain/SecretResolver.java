package dev.slipway.runner.domain;

import dev.slipway.events.TaskPlanned;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a run's secret references into values when it starts. A fork's run gets none, whatever its
 * {@link TaskPlanned} names: the compiler already leaves them out, and this is the second lock.
 */
public final class SecretResolver {

  private static final Logger LOG = LoggerFactory.getLogger(SecretResolver.class);

  private final SecretSource source;

  public SecretResolver(SecretSource source) {
    this.source = source;
  }

  /** A secret a run names is not defined; its message is all the run shows of it. */
  public static final class SecretNotDefinedException extends Exception {
    SecretNotDefinedException(String name, String repository) {
      super("secret " + name + " is not defined for " + repository);
    }
  }

  public TaskSecrets resolve(TaskPlanned task) throws SecretNotDefinedException {
    if (task.secrets().isEmpty()) {
      return TaskSecrets.NONE;
    }
    if (task.fork()) {
      LOG.warn(
          "run={} repo={} comes from a fork: its {} secret reference(s) are not resolved",
          task.runId(),
          task.repository(),
          task.secrets().size());
      return TaskSecrets.NONE;
    }
    Map<String, String> environment = new TreeMap<>();
    for (Map.Entry<String, String> reference : new TreeMap<>(task.secrets()).entrySet()) {
      String name = reference.getValue();
      String value =
          source
              .value(task.repository(), name)
              .orElseThrow(() -> new SecretNotDefinedException(name, task.repository()));
      environment.put(reference.getKey(), value);
    }
    return TaskSecrets.of(environment);
  }
}
