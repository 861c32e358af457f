package dev.slipway.deployer.domain;

import dev.slipway.testsupport.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A datacenter's proxy that serves a registered release only after some polls, as haproxy does once
 * its sync has reloaded it. Its clock moves on by one poll interval per poll, so a deadline passes
 * without the test waiting for it.
 */
class FakeProxy implements HealthProbe {

  static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private final List<String> calls;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:15:30Z"));
  private int unservedPolls;
  private int polls;
  private String previousRelease;
  private int previousReleasePolls;
  private String release;

  FakeProxy(List<String> calls) {
    this.calls = calls;
  }

  /** Answers 503 "no such service" to this many polls, then 200. */
  FakeProxy servingAfter(int polls) {
    this.unservedPolls = polls;
    return this;
  }

  /**
   * Answers 200 from {@code previous} to this many polls, then 200 from {@code next}, naming each.
   */
  FakeProxy reloadedAfter(int polls, String previous, String next) {
    this.previousRelease = previous;
    this.previousReleasePolls = polls;
    this.release = next;
    return this;
  }

  FakeProxy neverServing() {
    return servingAfter(Integer.MAX_VALUE);
  }

  /** The test's time, moved on by each poll. */
  Clock clock() {
    return clock;
  }

  int polls() {
    return polls;
  }

  @Override
  public Answer get(String url) {
    if (polls == 0) {
      calls.add("proxy " + url);
    }
    polls++;
    clock.advance(POLL_INTERVAL);
    if (polls <= unservedPolls) {
      return new Answer(false, "HTTP 503");
    }
    return new Answer(true, "HTTP 200", polls <= previousReleasePolls ? previousRelease : release);
  }
}
