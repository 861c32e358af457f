package dev.slipway.runner.kafka;

import dev.slipway.testsupport.registry.LocalRegistry;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** Points the runner at the test registry and a fresh root folder. */
public class RunnerTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    try {
      return Map.of(
          "slipway.runner.registry",
          LocalRegistry.address(),
          "slipway.runner.root-dir",
          Files.createTempDirectory("slipway-runner").toString(),
          "slipway.runner.stop-grace",
          "1s",
          "slipway.runner.concurrency",
          "3");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    // The registry is shared by the JVM's tests and stops with it.
  }
}
