package dev.slipway.reporter.domain;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts desired statuses (commit statuses and deployment statuses) from events and writes them to
 * GitHub through a {@link Writer}, which the service runs on a supervised thread of its own. What
 * to write next, and when, is the {@link WriteSchedule}'s decision; this class owns the thread, the
 * lock, the journal and the calls to GitHub.
 *
 * <p>{@link #report} returns once the status is in the journal, so the event's offset may be
 * committed: from then on the status survives a restart. Pending writes are kept per commit and
 * context; when a key's turn comes, only its newest accepted status is written, so a run that
 * finished while waiting costs one write. Writes go through the {@link WriteBudget}; a rate limit
 * from GitHub pauses all writes until the time GitHub named, an outage backs off and retries, a
 * refused write is dropped.
 *
 * <p>A deployment status whose deployment GitHub does not have yet first creates it: the reporter
 * asks GitHub for a deployment of the same release and datacenter (one a reporter may have created
 * before dying), creates one only if there is none, journals its id, and writes the status in its
 * next turn. Creating a deployment and writing a status each count as one write.
 *
 * <p>The queue and the journal belong to the reporter, not to a writer: a writer that fails puts
 * the status it was writing back at the head of the queue, and the next writer goes on from there.
 * Since the failed write may have reached GitHub, the next writer first asks GitHub whether it
 * shows that status, as after a restart, so nothing accepted is lost or written twice.
 */
public final class StatusReporter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);

  /** Observes the reporter, e.g. for metrics. */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** GitHub took {@code write}, made for {@code report}. */
    default void written(Report report, GitHubWrite write) {}

    /** GitHub did not take {@code write}, made for {@code report}, for the reason {@code kind}. */
    default void failed(Report report, GitHubWrite write, GitHubWriteException.Kind kind) {}
  }

  private final CommitStatusPort github;
  private final DeploymentPort deployments;
  private final StatusJournal journal;
  private final Clock clock;
  private final Listener listener;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** Guarded by the lock. */
  private final WriteSchedule schedule;

  /** GitHub's id of each deployment created (or found) so far. */
  private final Map<DeploymentKey, Long> deploymentIds = new ConcurrentHashMap<>();

  /** Guarded by the lock. */
  private final ReleaseNames releaseNames = new ReleaseNames();

  /** Repositories with a status in the journal's memory: the ones that use Slipway. */
  private final Set<String> repositories = ConcurrentHashMap.newKeySet();

  /** The status a writer took and has not finished with; guarded by the lock. */
  private Report writing;

  /**
   * Until when the writer waits for the budget or a pause, null when it does not; guarded by the
   * lock.
   */
  private Instant heldBackUntil;

  private volatile boolean closed;

  /** The writer running now; at most one runs at a time, so each key's statuses go out in order. */
  private Writer active;

  public StatusReporter(
      CommitStatusPort github,
      DeploymentPort deployments,
      StatusJournal journal,
      WriteBudget budget,
      Clock clock,
      Duration firstBackoff,
      Duration maxBackoff,
      Listener listener) {
    this.github = github;
    this.deployments = deployments;
    this.journal = journal;
    this.clock = clock;
    this.listener = listener;
    this.schedule = new WriteSchedule(clock, budget, firstBackoff, maxBackoff);
  }

  /**
   * Loads the journal and queues what was accepted but never written, for the {@link #writer()} to
   * write.
   */
  public void start() throws IOException {
    StatusJournal.Contents contents = journal.load();
    lock.lock();
    try {
      int waiting = schedule.load(contents.accepted(), contents.settled());
      deploymentIds.putAll(contents.deployments());
      releaseNames.rememberAll(contents.releaseNames());
      contents.accepted().keySet().forEach(key -> repositories.add(key.repository()));
      changed.signalAll();
      LOG.info(
          "status journal loaded: {} statuses known, {} waiting to be written",
          contents.accepted().size(),
          waiting);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A fresh writer: run it on a thread of its own. It writes until it is closed or the reporter is,
   * and may be run before {@link #start()} (it waits for work). A writer that threw is replaced by
   * a fresh one, which goes on where it stopped.
   */
  public Writer writer() {
    return new Writer();
  }

  /**
   * The write budget as other callers of GitHub share it: a request is allowed when a status write
   * would be, and counts as one. The writer waits for its turn, recovery gives up its pass instead.
   */
  public RequestBudget sharedBudget() {
    return () -> {
      lock.lock();
      try {
        return schedule.tryTakeRequest();
      } finally {
        lock.unlock();
      }
    };
  }

  /**
   * Applies other write limits from now on (the organisation's budget changed); a writer waiting
   * for the budget looks again.
   */
  public void limitTo(List<WriteBudget.Limit> limits) {
    lock.lock();
    try {
      schedule.limitTo(limits);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Writes the queued statuses to GitHub, one at a time, within the budget. */
  public final class Writer implements Runnable, AutoCloseable {
    private volatile boolean stopped;
    private volatile Thread thread;

    private Writer() {}

    /**
     * Writes until closed.
     *
     * @throws IllegalStateException another writer of this reporter is running
     */
    @Override
    public void run() {
      lock.lock();
      try {
        if (active != null) {
          throw new IllegalStateException(
              "another writer is running on " + active.thread.getName());
        }
        active = this;
        thread = Thread.currentThread();
      } finally {
        lock.unlock();
      }
      try {
        writeLoop(this);
      } finally {
        lock.lock();
        try {
          active = null;
        } finally {
          lock.unlock();
        }
      }
    }

    /**
     * Asks {@link #run} to return after the write in progress, if any; called from another thread.
     */
    @Override
    public void close() {
      lock.lock();
      try {
        stopped = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    private boolean running() {
      return !stopped && !closed;
    }
  }

  /**
   * Offers a status. Returns once it is decided: ignored (older, or nothing changed) or accepted
   * and durably journaled for writing. An accepted status is in the journal's file before the
   * writer may take it, so a killed reporter keeps it, and on disk before this returns.
   *
   * @throws IOException the journal could not record it; the event must be handed over again
   */
  public Ordering.Verdict report(Report status) throws IOException {
    Ordering.Verdict verdict = judgeAndAccept(status);
    // Outside the lock, and after the writer may have taken the status: the disk's wait overlaps
    // the write to GitHub. Also after a verdict that changes nothing, since an earlier call may
    // have accepted this status and failed here.
    journal.sync();
    return verdict;
  }

  private Ordering.Verdict judgeAndAccept(Report status) throws IOException {
    lock.lock();
    try {
      Report current = schedule.accepted(status.key());
      Ordering.Verdict verdict = schedule.judge(status);
      if (verdict == Ordering.Verdict.NEWER) {
        journal.accepted(status);
        schedule.accept(status);
        changed.signalAll();
        repositories.add(status.key().repository());
        LOG.info(
            "status {}: {} -> {} run={} correlation={}",
            status.key(),
            current == null ? "none" : current.shown(),
            status.shown(),
            status.runId(),
            status.correlationId());
      } else if (verdict == Ordering.Verdict.STALE) {
        LOG.info(
            "status {}: ignoring {} run={} correlation={}, {} is newer",
            status.key(),
            status.shown(),
            status.runId(),
            status.correlationId(),
            current.shown());
      }
      return verdict;
    } finally {
      lock.unlock();
    }
  }

  /**
   * What was accepted for a release: its deployment per datacenter, and the link of its build
   * ({@code slipway/build} on the tag's commit).
   */
  public ReleaseView release(String repository, String releaseId, String sha) {
    lock.lock();
    try {
      List<DesiredDeploymentStatus> known = new ArrayList<>();
      for (Report report : schedule.allAccepted()) {
        if (report instanceof DesiredDeploymentStatus deployment
            && deployment.key().repository().equals(repository)
            && deployment.key().releaseId().equals(releaseId)) {
          known.add(deployment);
        }
      }
      Report build = schedule.accepted(new StatusKey(repository, sha, StatusMapping.BUILD_CONTEXT));
      String buildLink =
          build instanceof DesiredStatus status && releaseId.equals(status.runId())
              ? status.targetUrl()
              : null;
      return new ReleaseView(buildLink, known);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Remembers a release's tag, durably, for events that later name the release only by its id.
   * Returns once it is in the journal; a name already known costs nothing.
   *
   * @throws IOException the journal could not record it; the event must be handed over again
   */
  public void named(ReleaseName name) throws IOException {
    lock.lock();
    try {
      if (releaseNames
          .tagOf(name.repository(), name.releaseId())
          .filter(name.tag()::equals)
          .isPresent()) {
        return;
      }
      journal.releaseNamed(name);
      releaseNames.remember(name);
      LOG.info("release {} of {} is {}", name.releaseId(), name.repository(), name.tag());
    } finally {
      lock.unlock();
    }
  }

  /** The tag of a release named lately (see {@link ReleaseNames}), if any. */
  public Optional<String> tagOf(String repository, String releaseId) {
    lock.lock();
    try {
      return releaseNames.tagOf(repository, releaseId);
    } finally {
      lock.unlock();
    }
  }

  /** Whether the repository has had a Slipway status within the journal's retention. */
  public boolean knowsRepository(String repository) {
    return repositories.contains(repository);
  }

  /**
   * Statuses accepted but not yet written, the one being written included: zero once the reporter
   * has nothing left to do.
   */
  public int pending() {
    lock.lock();
    try {
      return schedule.queued() + (writing == null ? 0 : 1);
    } finally {
      lock.unlock();
    }
  }

  /**
   * How many writes GitHub may receive right now: what the write budget allows in its tightest
   * window, 0 while a rate limit or an outage of GitHub pauses every write.
   */
  public int writesAllowedNow() {
    lock.lock();
    try {
      return schedule.writesAllowedNow();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Until when the writer holds back, with statuses waiting, for the write budget or a pause GitHub
   * asked for; empty when it does not.
   */
  public Optional<Instant> heldBackUntil() {
    lock.lock();
    try {
      return Optional.ofNullable(heldBackUntil);
    } finally {
      lock.unlock();
    }
  }

  private void writeLoop(Writer writer) {
    while (writer.running()) {
      WriteSchedule.Due next;
      try {
        next = takeWhenAllowed(writer);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (next != null) {
        try {
          write(next);
        } catch (RuntimeException | Error e) {
          giveBack(next.status());
          throw e;
        } finally {
          finished();
        }
      }
    }
  }

  private void finished() {
    lock.lock();
    try {
      writing = null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The status a writer was writing when it failed goes back to the head of its queue. If it was
   * not recorded as written, it may still have reached GitHub: the next writer asks first.
   */
  private void giveBack(Report status) {
    lock.lock();
    try {
      if (schedule.giveBack(status)) {
        LOG.warn(
            "writer failed while writing {} {} correlation={}; it goes first again, GitHub asked whether it has it",
            status.key(),
            status.shown(),
            status.correlationId());
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The next status due, once the budget and any pause allow a write; null if there is none. */
  private WriteSchedule.Due takeWhenAllowed(Writer writer) throws InterruptedException {
    lock.lock();
    try {
      while (writer.running()) {
        WriteSchedule.Next next = schedule.next();
        if (next instanceof WriteSchedule.Due due) {
          heldBackUntil = null;
          writing = due.status();
          return due;
        }
        if (next instanceof WriteSchedule.NotBefore notBefore) {
          heldBackUntil = notBefore.at();
          changed.await(
              Duration.between(clock.instant(), notBefore.at()).toNanos(), TimeUnit.NANOSECONDS);
        } else {
          heldBackUntil = null;
          changed.await();
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** What one turn of the writer did. */
  private enum Turn {
    WROTE,
    /** GitHub already showed it (written before a restart, not journalled). */
    FOUND,
    /** Created the deployment the status belongs to; the status goes in the key's next turn. */
    CREATED_DEPLOYMENT
  }

  private void write(WriteSchedule.Due due) {
    Report status = due.status();
    GitHubWriteException failure = null;
    Turn turn = Turn.WROTE;
    try {
      if (status instanceof DesiredDeploymentStatus deployment) {
        turn = writeDeployment(deployment, due.askFirst());
      } else {
        turn = writeCommit((DesiredStatus) status, due.askFirst());
      }
    } catch (GitHubWriteException e) {
      failure = e;
    } catch (RuntimeException e) {
      // Not a failure GitHub answered with (a bug, an unexpected answer): the request may have gone
      // out, so it counts; the writer ends and its successor retries the status.
      recordUnexpected();
      throw e;
    }
    lock.lock();
    try {
      schedule.requestSent();
      if (failure != null) {
        listener.failed(status, writeOf(status, turn), failure.kind());
        if (schedule.failed(status, failure, due.askFirst() && notAskedYet(status))) {
          journalSettled(status);
        }
        return;
      }
      switch (turn) {
        case CREATED_DEPLOYMENT -> {
          listener.written(status, GitHubWrite.DEPLOYMENT);
          schedule.createdDeployment(status);
        }
        case FOUND -> {
          LOG.info(
              "{} {} reached GitHub before the restart, not writing it again",
              status.key(),
              status.shown());
          settle(status);
        }
        case WROTE -> {
          LOG.info(
              "wrote {} {} correlation={}", status.key(), status.shown(), status.correlationId());
          settle(status);
          listener.written(status, writeOf(status, turn));
        }
      }
    } finally {
      changed.signalAll();
      lock.unlock();
    }
  }

  /**
   * What a turn wrote, or tried to: a deployment status whose deployment is not known yet failed
   * while finding or creating it.
   */
  private GitHubWrite writeOf(Report status, Turn turn) {
    if (!(status instanceof DesiredDeploymentStatus)) {
      return GitHubWrite.COMMIT_STATUS;
    }
    return turn == Turn.CREATED_DEPLOYMENT || notAskedYet(status)
        ? GitHubWrite.DEPLOYMENT
        : GitHubWrite.DEPLOYMENT_STATUS;
  }

  /**
   * Whether a failed turn ended before GitHub was asked whether it shows the status: only a
   * deployment status can, when finding or creating its deployment failed.
   */
  private boolean notAskedYet(Report status) {
    return status instanceof DesiredDeploymentStatus deployment
        && !deploymentIds.containsKey(deployment.key());
  }

  private void recordUnexpected() {
    lock.lock();
    try {
      schedule.requestSent();
    } finally {
      lock.unlock();
    }
  }

  private Turn writeCommit(DesiredStatus status, boolean askFirst) throws GitHubWriteException {
    if (askFirst
        && alreadyOnGitHub(
            status,
            () ->
                github.shows(
                    status.key(), status.state(), status.description(), status.targetUrl()))) {
      return Turn.FOUND;
    }
    github.createCommitStatus(
        status.key(), status.state(), status.description(), status.targetUrl());
    return Turn.WROTE;
  }

  private Turn writeDeployment(DesiredDeploymentStatus status, boolean askFirst)
      throws GitHubWriteException {
    DeploymentKey key = status.key();
    Long id = deploymentIds.get(key);
    if (id == null && status.githubDeploymentId() != null) {
      LOG.info(
          "deployment {} answers GitHub's deployment {}, created to ask for it; creating none"
              + " correlation={}",
          key,
          status.githubDeploymentId(),
          status.correlationId());
      id = remember(key, status.githubDeploymentId());
    }
    if (id == null) {
      OptionalLong found = deployments.findDeployment(key, status.tag());
      if (found.isPresent()) {
        LOG.info(
            "deployment {} found on GitHub as {}, not creating another", key, found.getAsLong());
        id = remember(key, found.getAsLong());
      } else {
        long created =
            deployments.createDeployment(
                key, status.tag(), status.releaseNumber(), deploymentDescription(status));
        LOG.info(
            "created deployment {} of {} as {} correlation={}",
            key,
            status.tag(),
            created,
            status.correlationId());
        remember(key, created);
        return Turn.CREATED_DEPLOYMENT;
      }
    }
    long deploymentId = id;
    DeploymentStatus shown = status.deploymentStatus();
    if (askFirst && alreadyOnGitHub(status, () -> deployments.shows(key, deploymentId, shown))) {
      return Turn.FOUND;
    }
    deployments.createDeploymentStatus(key, deploymentId, shown);
    return Turn.WROTE;
  }

  private static String deploymentDescription(DesiredDeploymentStatus status) {
    return Descriptions.fit("Slipway: " + status.tag() + " to " + status.key().datacenter());
  }

  private long remember(DeploymentKey key, long id) {
    deploymentIds.put(key, id);
    try {
      journal.deploymentCreated(key, id);
    } catch (IOException e) {
      // GitHub has it; if the journal forgets, the next start finds it on GitHub by its payload.
      LOG.error("could not journal deployment {} = {}", key, id, e);
    }
    return id;
  }

  /** Asks GitHub whether it shows a status. */
  private interface ReadBack {
    boolean shows() throws GitHubWriteException;
  }

  /**
   * A status accepted before a restart but never recorded as written may have reached GitHub just
   * before the reporter died: ask once, so a restart never writes the same status twice.
   */
  private boolean alreadyOnGitHub(Report status, ReadBack readBack) {
    try {
      return readBack.shows();
    } catch (GitHubWriteException e) {
      LOG.warn("could not read {} back from GitHub, writing it: {}", status.key(), e.getMessage());
      return false;
    }
  }

  /** Called with the lock held. */
  private void settle(Report status) {
    schedule.wrote(status);
    journalSettled(status);
  }

  private void journalSettled(Report status) {
    try {
      journal.settled(status);
    } catch (IOException e) {
      // GitHub has it; if the journal forgets, a restart asks GitHub before writing it again
      // (unconfirmed).
      LOG.error("could not journal the write of {} {}", status.key(), status.shown(), e);
    }
  }

  /**
   * Stops writing and waits for the write in progress, so the journal may be closed after it; what
   * was not written stays in the journal for the next start.
   */
  @Override
  public void close() throws InterruptedException {
    Thread writing;
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
      writing = active == null ? null : active.thread;
    } finally {
      lock.unlock();
    }
    if (writing != null && writing != Thread.currentThread()) {
      writing.join(Duration.ofSeconds(10).toMillis());
    }
  }
}
