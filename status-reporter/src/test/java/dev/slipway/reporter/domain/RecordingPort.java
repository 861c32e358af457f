package dev.slipway.reporter.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * An in-memory GitHub that records writes and can hold them back until released, or fail the next
 * one.
 */
public final class RecordingPort implements CommitStatusPort {

  public record Write(StatusKey key, CommitState state, String description) {}

  /** What the next write throws, and whether GitHub took the status before the client failed. */
  private record Failure(Throwable thrown, boolean afterGitHubTookIt) {}

  private final List<Write> writes = new ArrayList<>();
  private final Semaphore gate = new Semaphore(Integer.MAX_VALUE);
  private final Semaphore entered = new Semaphore(0);
  private volatile boolean down;
  private Failure nextFailure;

  @Override
  public void createCommitStatus(
      StatusKey key, CommitState state, String description, String targetUrl)
      throws GitHubWriteException {
    entered.release();
    if (down) {
      throw new GitHubWriteException(
          GitHubWriteException.Kind.UNAVAILABLE, null, "GitHub is down", null);
    }
    gate.acquireUninterruptibly();
    Failure failure = takeNextFailure();
    if (failure != null && !failure.afterGitHubTookIt()) {
      throwUnchecked(failure.thrown());
    }
    synchronized (this) {
      writes.add(new Write(key, state, description));
    }
    if (failure != null) {
      throwUnchecked(failure.thrown());
    }
  }

  /**
   * The next write throws {@code thrown} (an unchecked exception or an error): before sending, or,
   * with {@code afterGitHubTookIt}, once GitHub took the status (an answer the client could not
   * read).
   */
  public synchronized void failNextWrite(Throwable thrown, boolean afterGitHubTookIt) {
    nextFailure = new Failure(thrown, afterGitHubTookIt);
  }

  private synchronized Failure takeNextFailure() {
    Failure failure = nextFailure;
    nextFailure = null;
    return failure;
  }

  private static void throwUnchecked(Throwable thrown) {
    if (thrown instanceof Error error) {
      throw error;
    }
    throw (RuntimeException) thrown;
  }

  /** Like GitHub: whether the newest status written for the key is this one. */
  @Override
  public synchronized boolean shows(
      StatusKey key, CommitState state, String description, String targetUrl) {
    for (int i = writes.size() - 1; i >= 0; i--) {
      Write write = writes.get(i);
      if (write.key().equals(key)) {
        return write.state() == state && write.description().equals(description);
      }
    }
    return false;
  }

  /**
   * GitHub already holds this status, as if written by a reporter that died before it journalled
   * it.
   */
  synchronized void alreadyShows(StatusKey key, CommitState state, String description) {
    writes.add(new Write(key, state, description));
  }

  public synchronized List<Write> writes() {
    return List.copyOf(writes);
  }

  /** From now on, writes wait in {@link #createCommitStatus} until {@link #open()}. */
  void close() {
    gate.drainPermits();
  }

  void open() {
    gate.release(Integer.MAX_VALUE / 2);
  }

  /** From now on, every write fails as if GitHub were down. */
  void goDown() {
    down = true;
  }

  void awaitWriteStarted() throws InterruptedException {
    entered.acquire();
  }
}
