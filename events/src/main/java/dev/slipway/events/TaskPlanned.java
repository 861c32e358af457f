package dev.slipway.events;

import java.util.Map;

/**
 * One task of a repository's {@code .slipway.yml}, compiled and ready to run at one commit.
 *
 * @param runId deterministic: the same repository, sha, task and trigger give the same id
 * @param repository {@code owner/repo}
 * @param sha the commit to check out
 * @param task the task's name; its commit status context is {@code slipway/<task>}
 * @param trigger what planned it: {@code pull_request} or {@code push}
 * @param pullRequestNumber the PR, null for a push
 * @param fork whether the PR comes from a fork (no secrets then)
 * @param cloneUrl where the clone step fetches the repository from
 * @param baseImage the task's base image
 * @param dockerfile the task image's Dockerfile (base image plus the entrypoint)
 * @param entrypoint the entrypoint script, run in the checked-out workspace
 * @param contentHash hash of Dockerfile and entrypoint: the task image's tag, reused while
 *     unchanged
 * @param timeoutSeconds the run's deadline
 * @param env environment of the task container (values never become shell code)
 * @param secrets environment variable → name of the platform-held secret the runner fills it with
 *     at start: references only, never values; empty for runs that may not have secrets
 * @param resources what the task asks beyond the platform's defaults; records written before it
 *     existed read as {@link TaskResources#PLATFORM_DEFAULTS}
 */
public record TaskPlanned(
    String runId,
    String repository,
    String sha,
    String task,
    String trigger,
    Integer pullRequestNumber,
    boolean fork,
    String cloneUrl,
    String baseImage,
    String dockerfile,
    String entrypoint,
    String contentHash,
    long timeoutSeconds,
    Map<String, String> env,
    Map<String, String> secrets,
    TaskResources resources)
    implements TaskSpecEvent {

  public TaskPlanned {
    secrets = secrets == null ? Map.of() : secrets;
    resources = resources == null ? TaskResources.PLATFORM_DEFAULTS : resources;
  }
}
