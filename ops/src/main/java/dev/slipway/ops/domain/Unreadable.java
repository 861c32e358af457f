package dev.slipway.ops.domain;

/**
 * A record on a Slipway topic that is not a readable event of it; the services dead-letter such
 * records.
 */
public record Unreadable(String reason) {}
