package dev.slipway.reporter.kafka;

import dev.slipway.testsupport.github.FakeGitHub;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Points the reporter at a fake GitHub and a fresh state directory; injects the fake into {@link
 * InjectFakeGitHub} fields.
 */
public class FakeGitHubTestResource implements QuarkusTestResourceLifecycleManager {

  /** Marks the test's field that receives the running fake. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface InjectFakeGitHub {}

  private FakeGitHub fake;
  private Path stateDir;

  @Override
  public Map<String, String> start() {
    fake = FakeGitHub.start();
    try {
      stateDir = Files.createTempDirectory("status-reporter-state");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of(
        "slipway.github.api-url", fake.url(),
        "slipway.github.token", "ghp_test",
        "slipway.reporter.state-dir", stateDir.toString(),
        // On although the reporter has a token and no App: the fake serves the App's hook endpoints
        // to anyone.
        "slipway.reporter.delivery-recovery.app-hook", "true",
        // A hook the fake does not have: refused once at start, the App's hook still watched.
        "slipway.reporter.delivery-recovery.repository-hooks", "acme/no-such-repo:99",
        "slipway.reporter.delivery-recovery.interval", "300ms",
        // Recovery's reads count in the budget: 200 a minute at this interval, which would starve
        // the statuses.
        "slipway.github.budget.per-minute", "1000",
        "slipway.github.budget.per-hour", "20000");
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        fake, new TestInjector.AnnotatedAndMatchesType(InjectFakeGitHub.class, FakeGitHub.class));
  }

  @Override
  public void stop() {
    fake.close();
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
