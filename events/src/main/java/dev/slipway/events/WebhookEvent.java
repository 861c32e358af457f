package dev.slipway.events;

/** Events on {@code slipway.webhook}. */
public sealed interface WebhookEvent permits WebhookReceived {}
