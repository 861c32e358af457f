package dev.slipway.testsupport;

import dev.slipway.events.TaskPlanned;
import dev.slipway.events.TaskResources;
import java.util.Map;

/**
 * Builds a {@link TaskPlanned} for a test: a pull request's {@code build} task of {@code org/shop}
 * on busybox that asks for nothing beyond the platform's defaults. A test names only the fields it
 * relies on, so a reader sees what matters and a new field of the event touches this class alone.
 */
public final class TaskPlans {

  private String runId = "run-1";
  private String repository = "org/shop";
  private String sha = "a".repeat(40);
  private String task = "build";
  private String trigger = "pull_request";
  private Integer pullRequestNumber = 7;
  private boolean fork;
  private String cloneUrl = "https://example.invalid/org/shop.git";
  private String baseImage = "busybox";
  private String dockerfile = "FROM busybox";
  private String entrypoint = "echo hi";
  private String contentHash = "hash";
  private long timeoutSeconds = 60;
  private Map<String, String> env = Map.of();
  private Map<String, String> secrets = Map.of();
  private TaskResources resources = TaskResources.PLATFORM_DEFAULTS;

  private TaskPlans() {}

  /** A plan with every field at its default. */
  public static TaskPlans taskPlanned() {
    return new TaskPlans();
  }

  /** A push: its trigger, and no pull request. */
  public TaskPlans push() {
    this.trigger = "push";
    this.pullRequestNumber = null;
    return this;
  }

  /** A pull request from a fork: the runner gives it no secrets. */
  public TaskPlans fork() {
    this.fork = true;
    return this;
  }

  public TaskPlans runId(String runId) {
    this.runId = runId;
    return this;
  }

  public TaskPlans repository(String repository) {
    this.repository = repository;
    return this;
  }

  public TaskPlans sha(String sha) {
    this.sha = sha;
    return this;
  }

  public TaskPlans task(String task) {
    this.task = task;
    return this;
  }

  public TaskPlans pullRequestNumber(int pullRequestNumber) {
    this.pullRequestNumber = pullRequestNumber;
    return this;
  }

  public TaskPlans cloneUrl(String cloneUrl) {
    this.cloneUrl = cloneUrl;
    return this;
  }

  public TaskPlans baseImage(String baseImage) {
    this.baseImage = baseImage;
    return this;
  }

  public TaskPlans dockerfile(String dockerfile) {
    this.dockerfile = dockerfile;
    return this;
  }

  public TaskPlans entrypoint(String entrypoint) {
    this.entrypoint = entrypoint;
    return this;
  }

  public TaskPlans contentHash(String contentHash) {
    this.contentHash = contentHash;
    return this;
  }

  public TaskPlans timeoutSeconds(long timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
    return this;
  }

  public TaskPlans env(Map<String, String> env) {
    this.env = env;
    return this;
  }

  /** Environment variables filled from platform-held secrets: variable → secret name. */
  public TaskPlans secrets(Map<String, String> secrets) {
    this.secrets = secrets;
    return this;
  }

  public TaskPlans resources(TaskResources resources) {
    this.resources = resources;
    return this;
  }

  public TaskPlanned build() {
    return new TaskPlanned(
        runId,
        repository,
        sha,
        task,
        trigger,
        pullRequestNumber,
        fork,
        cloneUrl,
        baseImage,
        dockerfile,
        entrypoint,
        contentHash,
        timeoutSeconds,
        env,
        secrets,
        resources);
  }
}
