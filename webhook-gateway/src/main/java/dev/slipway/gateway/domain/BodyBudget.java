package dev.slipway.gateway.domain;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies that may be read at once. A body is admitted only if its whole size
 * still fits, so the heap held by bodies being read stays bounded however many arrive together.
 */
public final class BodyBudget {

  private final long capacity;
  private final AtomicLong reserved = new AtomicLong();

  public BodyBudget(long capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException(
          "the budget of bytes in flight must be positive, was " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Reserves {@code bytes} if they fit in what is left; the caller releases them once the body is
   * done with.
   */
  public boolean tryReserve(long bytes) {
    long before;
    do {
      before = reserved.get();
      if (before + bytes > capacity) {
        return false;
      }
    } while (!reserved.compareAndSet(before, before + bytes));
    return true;
  }

  public void release(long bytes) {
    reserved.addAndGet(-bytes);
  }

  public long reserved() {
    return reserved.get();
  }
}
