package dev.slipway.compiler.domain;

import dev.slipway.events.PipelinePlanned;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseOrigin;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskPlanned;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.WebhookReceived;
import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Decides what a webhook event asks for: task runs for a pull request or a push, cancellations, a
 * release, or a rejected pipeline the user must fix. Every id it makes is deterministic, so a
 * redelivered webhook plans the very same events. A rerun an operator asked for ({@link #rerun})
 * plans the same tasks under run ids of their own, derived from the rerun's id; so does a member's
 * {@code /retest} ({@link #command}), from the command's id.
 *
 * <p>Only repositories an organisation serves are planned. A pull request from a fork waits for the
 * status-reporter's {@code OK_TO_TEST}; runs get the secrets their {@link RunTrust} allows, and at
 * most the organisation's longest task timeout.
 */
public final class Planner {

  public static final String PULL_REQUEST = "pull_request";
  public static final String PUSH = "push";
  static final String RELEASE = "release";

  private static final String BRANCH_PREFIX = "refs/heads/";
  private static final Pattern ABBREVIATED_SHA = Pattern.compile("[0-9a-fA-F]{7,39}");
  private static final int RUN_ID_LENGTH = 20;
  private static final int RERUN_SUFFIX_LENGTH = 8;
  private static final Organisations EVERY_OWNER =
      new Organisations(List.of(Organisations.anyOwnerWithoutSecrets()));

  private final Pipelines pipelines;
  private final TaskCompiler compiler;
  private final Supplier<Organisations> organisations;

  /**
   * A planner that serves every owner, as without an organisations file: {@link
   * Organisations#anyOwnerWithoutSecrets()}.
   */
  public Planner(Pipelines pipelines, TaskCompiler compiler) {
    this(pipelines, compiler, () -> EVERY_OWNER);
  }

  /**
   * @param organisations the organisations served now (the file may be reloaded meanwhile)
   */
  public Planner(
      Pipelines pipelines, TaskCompiler compiler, Supplier<Organisations> organisations) {
    this.pipelines = pipelines;
    this.compiler = compiler;
    this.organisations = organisations;
  }

  /** The same repository, sha, task and trigger give the same run id. */
  public static String runId(String repository, String sha, String task, String trigger) {
    return Hashes.sha256Hex(repository, sha, task, trigger).substring(0, RUN_ID_LENGTH);
  }

  /**
   * The run id of {@code runId}'s task in the rerun {@code rerun}: the same rerun gives the same id
   * (planning its webhook again runs nothing twice), another rerun another one.
   */
  public static String rerunId(String runId, String rerun) {
    return runId + "-rerun-" + Hashes.sha256Hex("rerun", rerun).substring(0, RERUN_SUFFIX_LENGTH);
  }

  /** Stable across redeliveries of one GitHub release. */
  public static String releaseId(String repository, long githubReleaseId) {
    return "release-"
        + Hashes.sha256Hex(repository, Long.toString(githubReleaseId)).substring(0, RUN_ID_LENGTH);
  }

  /** Stable across redeliveries of one GitHub deployment: a redelivery is the same request. */
  public static String operationId(long githubDeploymentId) {
    return "gh-deployment-" + githubDeploymentId;
  }

  /**
   * Whether planning the event reads the repository with git. A deployment asks the coordinator
   * about releases it already knows and a {@code /cancel} only cancels, so an unreachable
   * repository does not stand in their way; a repository no organisation serves is not read.
   */
  public boolean readsRepository(WebhookEvent event) {
    if (organisations.get().serving(WebhookEvents.repository(event)).isEmpty()) {
      return false;
    }
    if (event instanceof PullRequestCommand command) {
      return command.kind() != PullRequestCommand.Kind.CANCEL;
    }
    return !(((WebhookReceived) event).details() instanceof WebhookDetails.Deployment);
  }

  /**
   * @param receivedAt when the delivery was received: a release's publish time when GitHub gave
   *     none, and when a deployment was asked for
   * @throws SourceUnavailableException when the repository could not be read; see {@link
   *     #unreachable}
   */
  public Plan plan(WebhookReceived webhook, Instant receivedAt) {
    return plan(webhook, receivedAt, null);
  }

  /**
   * The plan of a webhook an operator re-published to run its tasks again ({@code ./slipway replay
   * --rerun}): each task under {@link #rerunId}, which the build-runner has never seen, so it runs
   * again, and whose statuses replace the finished ones. A rerun runs tasks again and nothing else:
   * it cancels nothing (an old {@code synchronize} must not cancel the runs of the pull request's
   * newer head); what else the webhook asks for (a release, a redeploy) is planned as from a plain
   * replay, with the same ids.
   *
   * @param rerun the rerun's id ({@code ce_rerun})
   * @throws SourceUnavailableException when the repository could not be read
   */
  public Plan rerun(WebhookReceived webhook, Instant receivedAt, String rerun) {
    return plan(webhook, receivedAt, Objects.requireNonNull(rerun, "rerun"));
  }

  private Plan plan(WebhookReceived webhook, Instant receivedAt, String rerun) {
    Optional<Organisation> organisation = serving(webhook.repository());
    if (organisation.isEmpty()) {
      return notServed(webhook.repository(), webhook.headSha());
    }
    String event = webhook.event();
    if (PULL_REQUEST.equals(event)) {
      return pullRequest(webhook, organisation.get(), rerun);
    }
    if (PUSH.equals(event)) {
      return push(webhook, organisation.get(), rerun);
    }
    if (RELEASE.equals(event)
        && "published".equals(webhook.action())
        && webhook.details() instanceof WebhookDetails.Release published) {
      return release(webhook, published, organisation.get(), receivedAt);
    }
    if ("deployment".equals(event)
        && "created".equals(webhook.action())
        && webhook.details() instanceof WebhookDetails.Deployment deployment) {
      return redeploy(webhook, deployment, receivedAt);
    }
    return Plan.nothing(
        "ignored " + event + (webhook.action() == null ? "" : "." + webhook.action()),
        webhook.headSha());
  }

  /**
   * The plan of a pull-request command a member gave (the status-reporter checked who): {@code
   * OK_TO_TEST} plans the head as its pull request's webhook would have been planned, with the same
   * run ids and, for a fork, still without secrets; {@code RETEST} plans the failed tasks, or the
   * one named, under {@link #rerunId} of the command's id (the same command again runs nothing
   * twice); {@code CANCEL} cancels every run of the pull request.
   *
   * @param rerun the rerun's id when an operator re-published the command ({@code ce_rerun}), null
   *     otherwise: {@code OK_TO_TEST} and {@code RETEST} then plan under ids of that rerun, and
   *     {@code CANCEL} cancels nothing, as for a webhook
   * @throws SourceUnavailableException when the repository could not be read
   */
  public Plan command(PullRequestCommand command, String rerun) {
    WebhookDetails.PullRequest pullRequest = command.pullRequest();
    String sha = pullRequest == null ? null : pullRequest.headSha();
    Optional<Organisation> organisation = serving(command.repository());
    if (organisation.isEmpty()) {
      return notServed(command.repository(), sha);
    }
    if (sha == null) {
      return Plan.nothing("ignored " + label(command) + ": it names no pull request head", null);
    }
    Head head =
        new Head(
            command.repository(),
            sha,
            PULL_REQUEST,
            pullRequest.number(),
            pullRequest,
            command.commandId(),
            label(command));
    return switch (command.kind()) {
      case OK_TO_TEST -> tasks(head, organisation.get(), rerun, null, new ArrayList<>());
      case RETEST -> retest(command, head, organisation.get(), rerun);
      case CANCEL -> cancel(command, head, rerun);
    };
  }

  private static String label(PullRequestCommand command) {
    String word =
        switch (command.kind()) {
          case OK_TO_TEST -> "/ok-to-test";
          case RETEST -> "/retest";
          case CANCEL -> "/cancel";
        };
    return word + (command.task() == null ? "" : " " + command.task()) + " from " + command.actor();
  }

  private Plan retest(
      PullRequestCommand command, Head head, Organisation organisation, String rerun) {
    PipelineOutcome outcome = pipelines.at(head.repository(), head.sha());
    List<String> wanted = command.task() != null ? List.of(command.task()) : command.failedTasks();
    if (outcome instanceof PipelineOutcome.Found found) {
      List<String> names = found.pipeline().tasks().stream().map(Pipeline.Task::name).toList();
      if (command.task() != null && !names.contains(command.task())) {
        return rejected(
            Plan.Outcome.REJECTED,
            head.repository(),
            head.number(),
            head.askedBy(),
            head.sha(),
            "no task " + command.task() + " in .slipway.yml at " + head.sha());
      }
      if (names.stream().noneMatch(wanted::contains)) {
        return Plan.nothing(
            head.label() + ": nothing to run again, no task of .slipway.yml failed at the head",
            head.sha());
      }
    }
    return tasks(
        head,
        organisation,
        rerun != null ? rerun : command.commandId(),
        wanted::contains,
        new ArrayList<>());
  }

  private static Plan cancel(PullRequestCommand command, Head head, String rerun) {
    if (rerun != null) {
      return Plan.nothing(head.label() + ": a rerun cancels nothing", head.sha());
    }
    RunsCancelled cancelled =
        new RunsCancelled(
            head.repository(), head.number(), null, "cancelled by /cancel from " + command.actor());
    return Plan.planned(
        head.label() + ": cancelling the runs of pull request #" + head.number(),
        head.sha(),
        List.of(new Plan.Planned(cancellationId(head.askedBy(), cancelled), cancelled)));
  }

  private Optional<Organisation> serving(String repository) {
    return organisations.get().serving(repository);
  }

  private Plan notServed(String repository, String sha) {
    String why =
        organisations
            .get()
            .of(repository)
            .map(
                organisation ->
                    repository
                        + " is not among the repositories organisation "
                        + organisation.name()
                        + " allows")
            .orElseGet(() -> "no organisation is configured for the owner of " + repository);
    return new Plan(Plan.Outcome.NOT_SERVED, "not served: " + why, sha, List.of());
  }

  /** The plan when the repository stayed unreachable: tell the user rather than retry forever. */
  public Plan unreachable(WebhookEvent event, String problem) {
    return rejected(
        Plan.Outcome.FAILED,
        event,
        WebhookEvents.headSha(event),
        "could not read the repository: " + problem);
  }

  /** The plan when what was planned for {@code sha} cannot be carried out: tell the user why. */
  public Plan rejected(WebhookEvent event, String sha, String reason) {
    return rejected(Plan.Outcome.REJECTED, event, sha, reason);
  }

  private static Plan rejected(
      Plan.Outcome outcome, WebhookEvent event, String sha, String reason) {
    return rejected(
        outcome,
        WebhookEvents.repository(event),
        WebhookEvents.pullRequestNumber(event),
        WebhookEvents.id(event),
        sha,
        reason);
  }

  private static Plan rejected(
      Plan.Outcome outcome,
      String repository,
      Integer number,
      String askedBy,
      String sha,
      String reason) {
    PipelineRejected rejected = new PipelineRejected(repository, sha, number, reason, null);
    return new Plan(outcome, "rejected: " + reason, sha, List.of(rejection(askedBy, rejected)));
  }

  private Plan pullRequest(WebhookReceived webhook, Organisation organisation, String rerun) {
    if (!(webhook.details() instanceof WebhookDetails.PullRequest pullRequest)) {
      return Plan.nothing("ignored pull_request without its details", null);
    }
    int number = pullRequest.number();
    if ("closed".equals(webhook.action())) {
      if (rerun != null) {
        return Plan.nothing(
            "ignored pull_request.closed: a rerun cancels nothing", webhook.headSha());
      }
      RunsCancelled cancelled =
          new RunsCancelled(webhook.repository(), number, null, RunsCancelled.PULL_REQUEST_CLOSED);
      return Plan.planned(
          "cancelling the runs of closed pull request #" + number,
          webhook.headSha(),
          List.of(new Plan.Planned(cancellationId(webhook.deliveryId(), cancelled), cancelled)));
    }
    if (!webhook.plansPullRequestHead()) {
      return Plan.nothing("ignored pull_request." + webhook.action(), webhook.headSha());
    }
    List<Plan.Planned> events = new ArrayList<>();
    if ("synchronize".equals(webhook.action()) && rerun == null) {
      RunsCancelled superseded =
          new RunsCancelled(
              webhook.repository(), number, webhook.headSha(), RunsCancelled.SUPERSEDED);
      events.add(new Plan.Planned(cancellationId(webhook.deliveryId(), superseded), superseded));
    }
    if (pullRequest.fork()) {
      // Who may run a fork's head is the status-reporter's to say: it asks GitHub, then approves.
      return new Plan(
          events.isEmpty() ? Plan.Outcome.IGNORED : Plan.Outcome.PLANNED,
          "pull request #"
              + number
              + " from a fork"
              + (events.isEmpty() ? "" : ": cancelling the runs of older heads,")
              + " waiting for the status-reporter's approval",
          webhook.headSha(),
          events);
    }
    return tasks(head(webhook, number), organisation, rerun, null, events);
  }

  private Plan push(WebhookReceived webhook, Organisation organisation, String rerun) {
    if (!(webhook.details() instanceof WebhookDetails.Push push)) {
      return Plan.nothing("ignored push without its details", null);
    }
    String ref = push.ref();
    String sha = push.headSha();
    if (ref == null
        || !ref.startsWith(BRANCH_PREFIX)
        || sha == null
        || sha.chars().allMatch(c -> c == '0')) {
      return Plan.nothing("ignored push to " + ref + " (not a branch, or a deletion)", sha);
    }
    return tasks(head(webhook, null), organisation, rerun, null, new ArrayList<>());
  }

  private static Head head(WebhookReceived webhook, Integer number) {
    return new Head(
        webhook.repository(),
        webhook.headSha(),
        webhook.event(),
        number,
        webhook.details(),
        webhook.deliveryId(),
        null);
  }

  /**
   * A commit to run tasks on, and what asked for it.
   *
   * @param details the pull request or push, whose branches the runs' environment names
   * @param askedBy the delivery or command id that rejections derive their ids from
   * @param label how a command is named in the decision, null for a webhook
   */
  private record Head(
      String repository,
      String sha,
      String trigger,
      Integer number,
      WebhookDetails details,
      String askedBy,
      String label) {}

  /**
   * @param selected the names of the tasks to plan; null: all of them
   */
  private Plan tasks(
      Head head,
      Organisation organisation,
      String rerun,
      Predicate<String> selected,
      List<Plan.Planned> events) {
    String repository = head.repository();
    String sha = head.sha();
    String trigger = head.trigger();
    Integer number = head.number();
    PipelineOutcome outcome = pipelines.at(repository, sha);
    if (outcome instanceof PipelineOutcome.Missing) {
      events.add(planned(trigger, new PipelinePlanned(repository, sha, number, false, List.of())));
      return new Plan(
          Plan.Outcome.IGNORED,
          decided(head, "no .slipway.yml at the commit: nothing to run"),
          sha,
          events);
    }
    if (outcome instanceof PipelineOutcome.Rejected rejected) {
      PipelineRejected event =
          new PipelineRejected(repository, sha, number, rejected.reason(), rejected.line());
      events.add(rejection(head.askedBy(), event));
      return new Plan(
          Plan.Outcome.REJECTED, decided(head, "rejected: " + rejected.reason()), sha, events);
    }
    Pipeline pipeline = ((PipelineOutcome.Found) outcome).pipeline();
    String cloneUrl = pipelines.source().cloneUrl(repository);
    boolean fork = head.details() instanceof WebhookDetails.PullRequest pr && pr.fork();
    RunTrust trust = RunTrust.of(head.details());
    Predicate<String> givesSecret = secret -> trust.gives(organisation.ruleOf(secret));
    long maxTimeout = organisation.limits().maxTaskTimeout().toSeconds();
    List<String> cut = new ArrayList<>();
    int count = 0;
    for (Pipeline.Task task : pipeline.tasks()) {
      if (selected != null && !selected.test(task.name())) {
        continue;
      }
      CompiledTask compiled = compiler.compile(pipeline, task, givesSecret);
      String runId = runId(repository, sha, task.name(), trigger);
      if (rerun != null) {
        runId = rerunId(runId, rerun);
      }
      long timeout = compiled.timeoutSeconds();
      if (timeout > maxTimeout) {
        timeout = maxTimeout;
        cut.add(task.name());
      }
      TaskPlanned planned =
          new TaskPlanned(
              runId,
              repository,
              sha,
              task.name(),
              trigger,
              number,
              fork,
              cloneUrl,
              compiled.baseImage(),
              compiled.dockerfile(),
              compiled.entrypoint(),
              compiled.contentHash(),
              timeout,
              runEnvironment(head, runId, compiled),
              compiled.secrets(),
              compiled.resources());
      events.add(new Plan.Planned("task-planned-" + runId, planned));
      count++;
    }
    // After the tasks: the reporter writes one status at a time, and a task's queued matters more.
    List<String> taskNames = pipeline.tasks().stream().map(Pipeline.Task::name).toList();
    events.add(planned(trigger, new PipelinePlanned(repository, sha, number, true, taskNames)));
    String decision =
        "planned "
            + count
            + " task(s) for "
            + trigger
            + (rerun == null ? "" : " (rerun " + rerun + ")")
            + (cut.isEmpty()
                ? ""
                : "; timeout of "
                    + String.join(", ", cut)
                    + " cut to "
                    + maxTimeout
                    + "s, the longest organisation "
                    + organisation.name()
                    + " allows (limits.max-task-timeout)");
    return Plan.planned(decided(head, decision), sha, events);
  }

  private static String decided(Head head, String decision) {
    return head.label() == null ? decision : head.label() + ": " + decision;
  }

  /**
   * The file's env plus what Slipway knows about the run. Text from GitHub (branch names) travels
   * here, as environment, and never inside the script.
   */
  private static Map<String, String> runEnvironment(Head head, String runId, CompiledTask task) {
    Map<String, String> env = new LinkedHashMap<>(task.env());
    env.put("SLIPWAY_REPOSITORY", head.repository());
    env.put("SLIPWAY_SHA", head.sha());
    env.put("SLIPWAY_TASK", task.name());
    env.put("SLIPWAY_TRIGGER", head.trigger());
    env.put("SLIPWAY_RUN_ID", runId);
    if (head.details() instanceof WebhookDetails.PullRequest pullRequest) {
      env.put("SLIPWAY_REF", pullRequest.headRef());
      env.put("SLIPWAY_BASE_REF", pullRequest.baseRef());
    } else if (head.details() instanceof WebhookDetails.Push push) {
      env.put("SLIPWAY_REF", push.ref());
    }
    if (head.number() != null) {
      env.put("SLIPWAY_PULL_REQUEST", head.number().toString());
    }
    if (!task.withheldSecrets().isEmpty()) {
      env.put("SLIPWAY_WITHHELD_SECRETS", String.join(",", task.withheldSecrets()));
    }
    return env;
  }

  private Plan release(
      WebhookReceived webhook,
      WebhookDetails.Release published,
      Organisation organisation,
      Instant receivedAt) {
    String repository = webhook.repository();
    String tag = published.tag();
    String sha;
    try {
      sha = pipelines.source().resolveTag(repository, tag);
    } catch (PipelineException e) {
      return rejectedRelease(webhook, null, e.reason(), e.line());
    }
    PipelineOutcome outcome = pipelines.at(repository, sha);
    if (outcome instanceof PipelineOutcome.Missing) {
      return rejectedRelease(
          webhook, sha, "release " + tag + ": the tagged commit has no .slipway.yml", null);
    }
    if (outcome instanceof PipelineOutcome.Rejected rejected) {
      return rejectedRelease(webhook, sha, rejected.reason(), rejected.line());
    }
    Pipeline pipeline = ((PipelineOutcome.Found) outcome).pipeline();
    if (pipeline.release() == null) {
      return rejectedRelease(
          webhook,
          sha,
          "release " + tag + " was published, but .slipway.yml has no `release` section",
          null);
    }
    String releaseId = releaseId(repository, published.id());
    Pipeline.Release release = pipeline.release();
    List<String> refused =
        release.datacenters().stream().filter(dc -> !organisation.allowsDatacenter(dc)).toList();
    if (!refused.isEmpty()) {
      return rejectedRelease(
          webhook,
          sha,
          "release "
              + tag
              + ": organisation "
              + organisation.name()
              + " may not release to "
              + String.join(", ", refused)
              + " (it may to "
              + String.join(", ", organisation.datacenters())
              + ")",
          null);
    }
    if ((published.prerelease() || published.draft()) && !release.prereleases()) {
      String reason =
          "skipped: "
              + tag
              + " is a "
              + (published.draft() ? "draft" : "prerelease")
              + " and release.prereleases is not true";
      ReleaseSkipped skipped = new ReleaseSkipped(releaseId, repository, tag, sha, reason);
      return Plan.planned(
          "release " + releaseId + " " + reason,
          sha,
          List.of(new Plan.Planned(releaseId + "-skipped", skipped)));
    }
    ReleaseRequested requested =
        new ReleaseRequested(
            releaseId,
            repository,
            tag,
            sha,
            pipelines.source().cloneUrl(repository),
            published.publishedAt() != null ? published.publishedAt() : receivedAt,
            release.build(),
            pipeline.deploy(),
            release.datacenters(),
            release.mode());
    return Plan.planned(
        "release " + releaseId + " requested for " + release.datacenters(),
        sha,
        List.of(new Plan.Planned(releaseId + "-requested", requested)));
  }

  /**
   * A deployment a person created on GitHub asks to deploy the release its ref names again, to the
   * datacenter its environment names; the coordinator decides whether it can. Slipway's own
   * deployments (one per release and datacenter, which the status-reporter creates) ask nothing.
   */
  private static Plan redeploy(
      WebhookReceived webhook, WebhookDetails.Deployment deployment, Instant receivedAt) {
    if (deployment.bySlipway()) {
      return Plan.nothing(
          "ignored deployment "
              + deployment.id()
              + ": Slipway created it for a release (its payload has release_id)",
          deployment.sha());
    }
    ReleaseOperationRequested requested =
        new ReleaseOperationRequested(
            operationId(deployment.id()),
            webhook.repository(),
            ReleaseOrigin.Operation.REDEPLOY,
            null,
            releaseRef(deployment),
            List.of(deployment.environment()),
            deployment.creator() != null ? deployment.creator() : webhook.sender(),
            receivedAt,
            deployment.id());
    return Plan.planned(
        "redeploy of "
            + requested.ref()
            + " to "
            + requested.datacenters()
            + " requested by "
            + requested.requestedBy()
            + " (GitHub deployment "
            + deployment.id()
            + ")",
        deployment.sha(),
        List.of(new Plan.Planned(requested.releaseId() + "-requested", requested)));
  }

  /**
   * The ref as the person gave it: the coordinator finds a release by its tag or its full commit
   * sha. A commit given abbreviated is passed as the full sha GitHub resolved it to, which alone
   * the coordinator can match. A branch is passed as given too, and the coordinator refuses it as
   * no release it knows: its head moves, and the release that happens to be there is not what was
   * asked for by name.
   */
  static String releaseRef(WebhookDetails.Deployment deployment) {
    String ref = deployment.ref();
    String sha = deployment.sha();
    boolean abbreviatesSha =
        ref != null
            && sha != null
            && ABBREVIATED_SHA.matcher(ref).matches()
            && sha.regionMatches(true, 0, ref, 0, ref.length());
    return abbreviatesSha ? sha : ref;
  }

  private Plan rejectedRelease(WebhookReceived webhook, String sha, String reason, Integer line) {
    PipelineRejected rejected = new PipelineRejected(webhook.repository(), sha, null, reason, line);
    return new Plan(
        Plan.Outcome.REJECTED,
        "rejected: " + reason,
        sha,
        List.of(rejection(webhook.deliveryId(), rejected)));
  }

  /**
   * One per commit and trigger, so a redelivery or a second webhook for the same push plans the
   * same event.
   */
  private static Plan.Planned planned(String trigger, PipelinePlanned planned) {
    String id =
        Hashes.sha256Hex(
            "pipeline-planned",
            planned.repository(),
            planned.sha(),
            trigger,
            String.valueOf(planned.pullRequestNumber()));
    return new Plan.Planned("pipeline-planned-" + id.substring(0, RUN_ID_LENGTH), planned);
  }

  /**
   * @param askedBy the delivery or command id: the same event rejected again is the same rejection
   */
  private static Plan.Planned rejection(String askedBy, PipelineRejected rejected) {
    String id =
        Hashes.sha256Hex(
            "pipeline-rejected",
            askedBy,
            String.valueOf(rejected.sha()),
            String.valueOf(rejected.pullRequestNumber()));
    return new Plan.Planned("pipeline-rejected-" + id.substring(0, RUN_ID_LENGTH), rejected);
  }

  private static String cancellationId(String askedBy, RunsCancelled cancelled) {
    String id =
        Hashes.sha256Hex(
            "runs-cancelled",
            askedBy,
            cancelled.repository(),
            Integer.toString(cancelled.pullRequestNumber()),
            String.valueOf(cancelled.keepSha()));
    return "runs-cancelled-" + id.substring(0, RUN_ID_LENGTH);
  }
}
