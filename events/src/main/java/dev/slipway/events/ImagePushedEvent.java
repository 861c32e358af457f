package dev.slipway.events;

/** Events on {@code slipway.image-pushed}. */
public sealed interface ImagePushedEvent permits ImagePushed {}
