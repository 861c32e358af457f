package dev.slipway.platform.workers;

import dev.slipway.platform.backoff.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs workers on threads of their own and keeps them running: a worker that throws is started
 * again, from a fresh instance, after a back-off that doubles up to a maximum; an {@link Error}
 * (out of memory, a linkage problem) is not retried but kept as a failure, so that the service's
 * liveness goes down and the platform restarts it with the cause in view. No background thread of a
 * service ends with only a stack trace on stderr.
 */
public final class Supervisor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

  /** What happened to a supervised worker, e.g. for metrics. */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** A listener that is told only of restarts. */
    static Listener onRestart(BiConsumer<String, RuntimeException> restarting) {
      return new Listener() {
        @Override
        public void restarting(String worker, RuntimeException cause) {
          restarting.accept(worker, cause);
        }
      };
    }

    default void restarting(String worker, RuntimeException cause) {}

    default void died(String worker, Error cause) {}
  }

  /** A worker that died of an {@link Error} and is not restarted. */
  public record Failure(String worker, String cause) {}

  private final Backoff backoff;
  private final Listener listener;
  private final List<Supervised> supervised = new CopyOnWriteArrayList<>();
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile boolean closed;

  public Supervisor(Duration firstBackoff, Duration maxBackoff, Listener listener) {
    this.backoff = new Backoff(firstBackoff, maxBackoff);
    this.listener = listener;
  }

  /**
   * Starts {@code name} on a thread of that name; {@code factory} makes a fresh worker for every
   * (re)start.
   */
  public void start(String name, Supplier<? extends Worker> factory) {
    Supervised entry = new Supervised(name, factory);
    supervised.add(entry);
    Thread thread = new Thread(entry, name);
    thread.setDaemon(true);
    entry.thread = thread;
    thread.start();
  }

  /** Workers that died and will not come back: the service is not live while there is one. */
  public List<Failure> failures() {
    return List.copyOf(failures.values());
  }

  /** Closes every worker and waits a little for its thread to end. */
  @Override
  public void close() {
    closed = true;
    closing.countDown();
    supervised.forEach(Supervised::close);
    for (Supervised entry : supervised) {
      try {
        entry.thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private final class Supervised implements Runnable {
    private final String name;
    private final Supplier<? extends Worker> factory;
    private volatile Worker current;
    private volatile Thread thread;

    Supervised(String name, Supplier<? extends Worker> factory) {
      this.name = name;
      this.factory = factory;
    }

    @Override
    public void run() {
      int failuresInARow = 0;
      while (!closed) {
        long started = System.nanoTime();
        try {
          current = factory.get();
          if (closed) {
            current.close();
          }
          current.run();
          return;
        } catch (RuntimeException e) {
          if (closed) {
            return;
          }
          // A worker that ran well for a while before failing starts again from the first back-off.
          if (Duration.ofNanos(System.nanoTime() - started).compareTo(backoff.max()) > 0) {
            failuresInARow = 0;
          }
          Duration wait = backoff.after(++failuresInARow);
          LOG.error("worker {} failed, starting it again in {}", name, wait, e);
          listener.restarting(name, e);
          if (!pause(wait)) {
            return;
          }
        } catch (Error e) {
          failures.put(name, new Failure(name, e.toString()));
          LOG.error(
              "worker {} died and is not restarted; the service reports itself not live", name, e);
          listener.died(name, e);
          return;
        }
      }
    }

    /**
     * @return false when the supervisor closed meanwhile
     */
    private boolean pause(Duration backoff) {
      try {
        return !closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    void close() {
      Worker worker = current;
      if (worker != null) {
        worker.close();
      }
    }
  }
}
