package dev.slipway.events;

/**
 * The pod definition of a released service: its name, replica count, container port and health
 * path.
 */
public record DeployDefinition(String service, int replicas, int port, String healthPath) {}
