package dev.slipway.runner.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Log fields (SLF4J's MDC) for as long as one run or release step is handled, so every line logged
 * meanwhile carries them. Closing puts back what the thread had before (the consumer loop's own
 * fields stay), and removes what it did not have.
 */
public final class LogFields implements AutoCloseable {

  public static final String RUN_ID = "run_id";
  public static final String RELEASE_ID = "release_id";
  public static final String REPOSITORY = "repository";
  public static final String CORRELATION_ID = "correlation_id";

  private final Map<String, String> previous = new LinkedHashMap<>();

  private LogFields() {}

  /** The fields of a task run. */
  public static LogFields ofRun(RunRequest request) {
    return new LogFields()
        .put(RUN_ID, request.runId())
        .put(REPOSITORY, request.task().repository())
        .put(CORRELATION_ID, request.correlationId());
  }

  /** The fields of a release's build. */
  public static LogFields ofRelease(String releaseId, String repository, String correlationId) {
    return new LogFields()
        .put(RELEASE_ID, releaseId)
        .put(REPOSITORY, repository)
        .put(CORRELATION_ID, correlationId);
  }

  private LogFields put(String name, String value) {
    previous.putIfAbsent(name, MDC.get(name));
    if (value == null) {
      MDC.remove(name);
    } else {
      MDC.put(name, value);
    }
    return this;
  }

  @Override
  public void close() {
    previous.forEach(
        (name, value) -> {
          if (value == null) {
            MDC.remove(name);
          } else {
            MDC.put(name, value);
          }
        });
  }
}
