package dev.slipway.events;

/**
 * Events on {@code slipway.webhook}: what GitHub said, as delivered ({@link WebhookReceived}) or as
 * the status-reporter checked it with GitHub ({@link PullRequestCommand}).
 */
public sealed interface WebhookEvent permits WebhookReceived, PullRequestCommand {}
