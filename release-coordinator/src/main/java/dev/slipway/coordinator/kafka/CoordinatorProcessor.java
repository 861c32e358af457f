package dev.slipway.coordinator.kafka;

import dev.slipway.coordinator.domain.CoordinatorInput;
import dev.slipway.coordinator.domain.Decision;
import dev.slipway.coordinator.domain.ReleaseCoordinator;
import dev.slipway.coordinator.domain.RepositoryReleases;
import dev.slipway.coordinator.domain.Step;
import dev.slipway.coordinator.domain.Transition;
import dev.slipway.events.DeadLetter;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.Envelope;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseBuildStateChanged;
import dev.slipway.events.ReleaseEvent;
import dev.slipway.events.ReleaseOperationRejected;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseSkipped;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.events.kafka.DeadLetters;
import dev.slipway.events.kafka.TopicSerdes;
import dev.slipway.platform.kafka.EventTypes;
import dev.slipway.platform.logging.LogScope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns input records into coordinator inputs, applies the decision to the repository's store entry
 * and forwards the resulting events. Time is the Streams clock ({@code currentSystemTimeMs}), which
 * tests drive through {@code TopologyTestDriver}'s wall clock.
 */
final class CoordinatorProcessor implements Processor<String, byte[], String, Envelope<?>> {

  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorProcessor.class);

  private final CoordinatorConfig config;
  private final ReleaseCoordinator coordinator;
  private ProcessorContext<String, Envelope<?>> context;
  private KeyValueStore<String, RepositoryReleases> store;

  CoordinatorProcessor(CoordinatorConfig config) {
    this.config = config;
    this.coordinator = new ReleaseCoordinator(config.rules());
  }

  @Override
  public void init(ProcessorContext<String, Envelope<?>> context) {
    this.context = context;
    this.store = context.getStateStore(CoordinatorTopology.STORE);
    context.schedule(
        config.timeoutCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::expireOverdue);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    RecordMetadata metadata = context.recordMetadata().orElseThrow();
    Topic<?> topic = Topics.byName(metadata.topic()).orElseThrow();
    Envelope<?> envelope;
    try {
      envelope =
          TopicSerdes.valueSerde(topic)
              .deserializer()
              .deserialize(metadata.topic(), record.headers(), record.value());
    } catch (RuntimeException e) {
      deadLetter(record, metadata, EventTypes.UNKNOWN, "unreadable: " + e.getMessage());
      return;
    }
    if (envelope == null) {
      deadLetter(record, metadata, EventTypes.UNKNOWN, "unreadable: empty record");
      return;
    }
    config.listener().handled(metadata.topic(), EventTypes.of(envelope.data()));
    try (LogScope ignored = LogContext.of(metadata.topic(), envelope)) {
      decide(record, metadata, envelope);
    }
  }

  private void decide(
      Record<String, byte[]> record, RecordMetadata metadata, Envelope<?> envelope) {
    Object data = envelope.data();
    if (data instanceof ReleaseRequested request) {
      Optional<String> defect = ReleaseCoordinator.defectOf(request);
      if (defect.isPresent()) {
        deadLetter(record, metadata, EventTypes.of(request), defect.get());
        return;
      }
      apply(
          envelope.subject(),
          new CoordinatorInput.Requested(request, envelope.correlationId()),
          envelope.id());
    } else if (data instanceof ReleaseOperationRequested operation) {
      if (operation.operationId() == null || operation.operationId().isBlank()) {
        deadLetter(
            record,
            metadata,
            EventTypes.of(operation),
            "ReleaseOperationRequested lacks operationId");
        return;
      }
      apply(
          envelope.subject(),
          new CoordinatorInput.Operated(operation, envelope.correlationId()),
          envelope.id());
    } else if (data instanceof ReleaseBuildStateChanged change) {
      apply(envelope.subject(), new CoordinatorInput.BuildChanged(change), envelope.id());
    } else if (data instanceof DeploymentFinished deployment) {
      apply(envelope.subject(), new CoordinatorInput.DeployFinished(deployment), envelope.id());
    } else if (data instanceof ReleaseSkipped skipped) {
      // The compiler's decision, not the coordinator's: counted with the releases' outcomes.
      config.listener().released(skipped);
    }
    // Every other event on these topics (task plans, task runs) is another service's business.
  }

  private void expireOverdue(long timestamp) {
    List<KeyValue<String, RepositoryReleases>> entries = new ArrayList<>();
    try (KeyValueIterator<String, RepositoryReleases> all = store.all()) {
      all.forEachRemaining(entries::add);
    }
    Instant now = Instant.ofEpochMilli(timestamp);
    for (KeyValue<String, RepositoryReleases> entry : entries) {
      if (coordinator
          .nextDeadline(entry.value)
          .filter(deadline -> !deadline.isAfter(now))
          .isPresent()) {
        try (LogScope ignored = LogContext.ofRepository(entry.key)) {
          apply(entry.key, new CoordinatorInput.ClockTick(), null);
        }
      }
    }
  }

  private void apply(String repository, CoordinatorInput input, String causationId) {
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    RepositoryReleases state = store.get(repository);
    Step step =
        coordinator.decide(
            state == null ? RepositoryReleases.empty(repository) : state, input, now);
    if (!step.changed()) {
      return;
    }
    store.put(repository, step.state());
    step.transitions().stream().map(Transition::describe).forEach(LOG::info);
    for (Decision decision : step.decisions()) {
      ReleaseEvent event = decision.event();
      // Reported when emitted: see TopologyListener on what an aborted transaction does.
      config.listener().released(event);
      if (event instanceof ReleaseOperationRejected rejected) {
        LOG.info(
            "release operation refused repo={} operation={} {}: {} correlation={}",
            repository,
            rejected.operationId(),
            rejected.operation(),
            rejected.reason(),
            decision.correlationId());
      }
      Envelope<ReleaseEvent> envelope =
          new Envelope<>(
              eventId(event),
              config.source(),
              repository,
              now,
              decision.correlationId(),
              causationId,
              event,
              null);
      context.forward(
          new Record<String, Envelope<?>>(
              repository, envelope, now.toEpochMilli(), new RecordHeaders()),
          CoordinatorTopology.RELEASE_SINK);
    }
  }

  /** Each decision happens once per release (admission once per datacenter): its id says which. */
  private static String eventId(ReleaseEvent event) {
    String name = Topics.RELEASE.typeOf(event) + "/" + event.releaseId();
    if (event instanceof ReleaseAdmitted admitted) {
      name += "/" + admitted.datacenter();
    }
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private void deadLetter(
      Record<String, byte[]> record, RecordMetadata metadata, String type, String reason) {
    config.listener().deadLettered(metadata.topic(), type);
    LOG.warn(
        "dead-lettering topic={} partition={} offset={}: {}",
        metadata.topic(),
        metadata.partition(),
        metadata.offset(),
        reason);
    DeadLetter letter =
        new DeadLetter(
            metadata.topic(),
            metadata.partition(),
            metadata.offset(),
            reason,
            record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
            record.value(),
            DeadLetters.headersAsText(record.headers()));
    String position = metadata.topic() + "/" + metadata.partition() + "/" + metadata.offset();
    String repository = letter.repositoryOrUnknown();
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    String correlationId = DeadLetters.correlationIdOrPosition(letter);
    Envelope<DeadLetter> envelope =
        new Envelope<>(
            UUID.nameUUIDFromBytes(position.getBytes(StandardCharsets.UTF_8)).toString(),
            config.source(),
            repository,
            now,
            correlationId,
            null,
            letter,
            null);
    context.forward(
        new Record<String, Envelope<?>>(
            repository, envelope, now.toEpochMilli(), new RecordHeaders()),
        CoordinatorTopology.DEAD_LETTER_SINK);
  }
}
