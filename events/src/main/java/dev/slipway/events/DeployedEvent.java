package dev.slipway.events;

/** Events on {@code slipway.deployed}. */
public sealed interface DeployedEvent permits DeploymentFinished {}
