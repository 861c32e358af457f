package dev.slipway.platform.workers;

/**
 * A service's background work that runs on a thread of its own until it is closed: a consumer loop,
 * a topic tail, a writer. {@link #run} returns when the work is done or the worker was closed; an
 * exception it throws is a failure its {@link Supervisor} answers.
 */
public interface Worker extends Runnable, AutoCloseable {

  /** Asks {@link #run} to return soon; called from another thread. */
  @Override
  void close();
}
