package dev.slipway.events;

/**
 * How a release's application image is built: a Dockerfile and its context, relative to the
 * repository root.
 */
public record BuildDefinition(String dockerfile, String context) {}
