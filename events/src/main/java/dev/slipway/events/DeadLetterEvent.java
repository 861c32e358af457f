package dev.slipway.events;

/** Events on {@code slipway.dead-letter}. */
public sealed interface DeadLetterEvent permits DeadLetter {}
