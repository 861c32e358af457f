package dev.slipway.compiler.domain;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.TaskResources;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A repository's {@code .slipway.yml}, validated.
 *
 * @param image base image of every task that names none; null when every task names its own
 * @param env environment of every task, in file order; a task's own env wins
 * @param resources what every task asks beyond the platform's defaults; a task's own amounts win
 * @param tasks in file order
 * @param release how to build a published release; null when the file has no {@code release}
 * @param deploy how to run a released service; null when the file has no {@code deploy}
 */
public record Pipeline(
    String image,
    Map<String, EnvValue> env,
    TaskResources resources,
    List<Task> tasks,
    Release release,
    DeployDefinition deploy) {

  public Pipeline {
    env = ordered(env);
    tasks = List.copyOf(tasks);
  }

  private static Map<String, EnvValue> ordered(Map<String, EnvValue> env) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }

  /**
   * One task; it becomes one run and one commit status {@code slipway/<name>}.
   *
   * @param image overrides the pipeline's image; null when it does not
   * @param timeout null when the file sets none (the compiler's default applies)
   * @param env in file order
   * @param resources what this task asks for; amounts left at zero come from the pipeline's
   */
  public record Task(
      String name,
      int line,
      String image,
      List<String> pre,
      List<String> cmds,
      List<String> post,
      Duration timeout,
      Map<String, EnvValue> env,
      TaskResources resources) {

    public Task {
      pre = List.copyOf(pre);
      cmds = List.copyOf(cmds);
      post = List.copyOf(post);
      env = ordered(env);
    }
  }

  /**
   * The {@code release} section.
   *
   * @param datacenters deploy order
   * @param prereleases whether prereleases and drafts are deployed too ({@code
   *     release.prereleases})
   */
  public record Release(
      BuildDefinition build, List<String> datacenters, QueueMode mode, boolean prereleases) {

    public Release {
      datacenters = List.copyOf(datacenters);
    }
  }

  /**
   * A value of {@code env}: plain text, or the name of a platform-held secret (never given to
   * forks).
   */
  public record EnvValue(String value, String secretName) {

    public static EnvValue plain(String value) {
      return new EnvValue(value, null);
    }

    public static EnvValue secret(String secretName) {
      return new EnvValue(null, secretName);
    }

    public boolean isSecret() {
      return secretName != null;
    }
  }
}
