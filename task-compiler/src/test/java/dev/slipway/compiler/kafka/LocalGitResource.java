package dev.slipway.compiler.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Points the compiler at bare repositories in a temporary directory, which the test fills. The
 * directory travels in a system property: the test and the application share the JVM, not a class.
 */
public class LocalGitResource implements QuarkusTestResourceLifecycleManager {

  static final String ROOT_PROPERTY = "slipway.test.git-root";

  private Path root;

  @Override
  public Map<String, String> start() {
    try {
      root = Files.createTempDirectory("slipway-compiler-it");
      Path remote = Files.createDirectories(root.resolve("remote"));
      System.setProperty(ROOT_PROPERTY, remote.toString());
      Map<String, String> config = new HashMap<>(serve(root, remote));
      config.put("slipway.git.work-dir", root.resolve("cache").toString());
      config.put("slipway.compiler.unreachable-attempts", "2");
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * How the compiler reaches the bare repositories under {@code remote}: over {@code file://}.
   *
   * @param root a folder for anything else the setup needs, removed at the end
   * @return the settings that say so
   */
  protected Map<String, String> serve(Path root, Path remote) throws IOException {
    return Map.of("slipway.git.url-template", "file://" + remote + "/{owner}/{repo}.git");
  }

  @Override
  public void stop() {
    System.clearProperty(ROOT_PROPERTY);
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
