package dev.slipway.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One event with its CloudEvents attributes. The CloudEvents {@code type} is not stored here: the
 * {@link Topic} derives it from the data's class, so a record can never travel with a wrong type.
 *
 * @param id unique id of this event ({@code ce_id})
 * @param source the service that produced it ({@code ce_source}), e.g. {@code
 *     /slipway/task-compiler}
 * @param subject the repository's full name {@code owner/repo} ({@code ce_subject}); also the
 *     record key
 * @param time when it was produced ({@code ce_time})
 * @param correlationId the GitHub delivery id that started the chain; every downstream event
 *     carries it
 * @param causationId the id of the event that caused this one; null for the first event of a chain
 * @param data the event itself
 * @param rerun the rerun an operator asked for ({@code ce_rerun}, set by {@code ./slipway replay
 *     --rerun} on a webhook): the id of that rerun, so that the runs it plans get run ids of their
 *     own; null for every other event, and never passed on to the events it causes
 */
public record Envelope<E>(
    String id,
    String source,
    String subject,
    Instant time,
    String correlationId,
    String causationId,
    E data,
    String rerun) {

  public Envelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(data, "data");
  }

  /** The first event of a chain, started by the GitHub delivery {@code deliveryId}. */
  public static <E> Envelope<E> first(
      String source, String repository, String deliveryId, Instant time, E data) {
    return new Envelope<>(
        UUID.randomUUID().toString(), source, repository, time, deliveryId, null, data, null);
  }

  /**
   * An event caused by {@code cause}: same repository and correlation id, causation id = cause's
   * id.
   */
  public static <E> Envelope<E> causedBy(Envelope<?> cause, String source, Instant time, E data) {
    return new Envelope<>(
        UUID.randomUUID().toString(),
        source,
        cause.subject(),
        time,
        cause.correlationId(),
        cause.id(),
        data,
        null);
  }

  /** An event with a deterministic id, so that producing it twice yields one logical event. */
  public static <E> Envelope<E> causedBy(
      Envelope<?> cause, String id, String source, Instant time, E data) {
    return new Envelope<>(
        id, source, cause.subject(), time, cause.correlationId(), cause.id(), data, null);
  }

  /** The record key: every topic is keyed by the repository's full name. */
  public String key() {
    return subject;
  }
}
