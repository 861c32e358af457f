package dev.slipway.events;

import java.util.List;

/**
 * The compiler read the repository's {@code .slipway.yml} at {@code sha} (or found none) and
 * planned its tasks; shown as the {@code slipway/config} status. A file it could not use is a
 * {@link PipelineRejected} instead.
 *
 * @param pullRequestNumber the pull request the plan is for, null for a push
 * @param hasConfig whether the commit has a {@code .slipway.yml} at all
 * @param tasks the names of the tasks planned, in the file's order; empty when there is no file or
 *     it has no tasks
 */
public record PipelinePlanned(
    String repository, String sha, Integer pullRequestNumber, boolean hasConfig, List<String> tasks)
    implements TaskSpecEvent {

  public PipelinePlanned {
    tasks = List.copyOf(tasks);
  }
}
