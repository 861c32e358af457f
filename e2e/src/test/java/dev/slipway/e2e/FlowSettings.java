package dev.slipway.e2e;

import dev.slipway.testsupport.github.FakeGitHub;
import java.nio.file.Path;
import java.util.Map;

/**
 * The environment of the services both flows run, each with its files below the flow's folder
 * {@code work}.
 */
final class FlowSettings {

  private FlowSettings() {}

  static Map<String, String> gateway(String secret) {
    return Map.of("SLIPWAY_WEBHOOK_SECRETS", secret);
  }

  /** The compiler, reading the repositories where {@code gitUrlTemplate} says. */
  static Map<String, String> compiler(Path work, String gitUrlTemplate) {
    return Map.of(
        "SLIPWAY_GIT_URL_TEMPLATE",
        gitUrlTemplate,
        "SLIPWAY_GIT_WORK_DIR",
        work.resolve("compiler").toString());
  }

  /** The runner, pushing its images to {@code registry} and linking its runs on its own port. */
  static Map<String, String> runner(Path work, String registry) {
    return Map.of(
        "SLIPWAY_RUNNER_ROOT_DIR",
        work.resolve("runner").toString(),
        "SLIPWAY_RUNNER_BASE_URL",
        "http://127.0.0.1:{port}",
        "SLIPWAY_RUNNER_REGISTRY",
        registry);
  }

  /** The reporter, writing to {@code github} with a plain token. */
  static Map<String, String> reporter(Path work, FakeGitHub github) {
    return Map.of(
        "SLIPWAY_GITHUB_API_URL", github.url(),
        "SLIPWAY_GITHUB_TOKEN", "e2e-token",
        "SLIPWAY_REPORTER_STATE_DIR", work.resolve("reporter").toString());
  }
}
