package dev.slipway.platform.logging;

/**
 * Names of the fields services put in SLF4J's MDC (through {@link LogScope}) while they handle
 * something, so that every log line written meanwhile (JSON logs carry them as fields) says what it
 * was about.
 */
public final class LogFields {

  /** The GitHub delivery id that started the chain ({@code ce_correlationid}). */
  public static final String CORRELATION_ID = "correlation_id";

  /** The topic the event was read from. */
  public static final String TOPIC = "topic";

  /** The event's type, see {@code EventTypes}. */
  public static final String EVENT_TYPE = "event_type";

  /** The repository the event is about, {@code owner/repo}. */
  public static final String REPOSITORY = "repository";

  /** The task run being planned, run or reported. */
  public static final String RUN_ID = "run_id";

  /** The release being admitted, built or rolled out. */
  public static final String RELEASE_ID = "release_id";

  /** The webhook delivery being received ({@code X-GitHub-Delivery}). */
  public static final String DELIVERY = "delivery";

  private LogFields() {}
}
