package dev.slipway.gateway.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The delivery ids already on the webhook topic (bounded by age and count) and those being
 * published right now, so each delivery is published once however often GitHub sends it.
 */
public final class DeliveryLedger {

  /** What a copy of a delivery may do. */
  public enum Admission {
    /** No other copy is known: this one publishes. */
    FIRST,
    /** The delivery is already on the topic. */
    PUBLISHED,
    /** Another copy is being published right now; wait for its outcome. */
    IN_FLIGHT
  }

  /**
   * @param admission what this copy may do
   * @param otherCopy for {@link Admission#IN_FLIGHT}: completes with whether the other copy was
   *     published
   */
  public record Claim(Admission admission, CompletionStage<Boolean> otherCopy) {}

  private final Clock clock;
  private final Duration window;
  private final int maxEntries;
  private final LinkedHashMap<String, Instant> publishedAt = new LinkedHashMap<>();
  private final Map<String, CompletableFuture<Boolean>> inFlight = new HashMap<>();
  private volatile boolean loaded;

  /**
   * @param window how long a delivery id is remembered after it was published
   * @param maxEntries how many delivery ids are remembered at most; the oldest are forgotten first
   */
  public DeliveryLedger(Clock clock, Duration window, int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.clock = clock;
    this.window = window;
    this.maxEntries = maxEntries;
  }

  public synchronized Claim claim(String deliveryId) {
    forgetExpired();
    if (publishedAt.containsKey(deliveryId)) {
      return new Claim(Admission.PUBLISHED, null);
    }
    CompletableFuture<Boolean> other = inFlight.get(deliveryId);
    if (other != null) {
      return new Claim(Admission.IN_FLIGHT, other);
    }
    inFlight.put(deliveryId, new CompletableFuture<>());
    return new Claim(Admission.FIRST, null);
  }

  /**
   * The delivery is on the topic: published by this gateway, or read back from the topic at {@code
   * time}.
   */
  public synchronized void published(String deliveryId, Instant time) {
    if (time.isAfter(clock.instant().minus(window))) {
      publishedAt.putIfAbsent(deliveryId, time);
      forgetOldest();
    }
    CompletableFuture<Boolean> waiting = inFlight.remove(deliveryId);
    if (waiting != null) {
      waiting.complete(true);
    }
  }

  /** The claiming copy failed to publish: a later copy may try again. */
  public synchronized void failed(String deliveryId) {
    CompletableFuture<Boolean> waiting = inFlight.remove(deliveryId);
    if (waiting != null) {
      waiting.complete(publishedAt.containsKey(deliveryId));
    }
  }

  /** Everything published within the window before this gateway started has been read back. */
  public void markLoaded() {
    loaded = true;
  }

  public boolean loaded() {
    return loaded;
  }

  public synchronized int size() {
    return publishedAt.size();
  }

  private void forgetOldest() {
    Iterator<String> oldest = publishedAt.keySet().iterator();
    while (publishedAt.size() > maxEntries) {
      oldest.next();
      oldest.remove();
    }
  }

  // Entries arrive in nearly publish order, so expiry stops at the first one still inside the
  // window.
  private void forgetExpired() {
    Instant horizon = clock.instant().minus(window);
    Iterator<Instant> oldest = publishedAt.values().iterator();
    while (oldest.hasNext() && !oldest.next().isAfter(horizon)) {
      oldest.remove();
    }
  }
}
