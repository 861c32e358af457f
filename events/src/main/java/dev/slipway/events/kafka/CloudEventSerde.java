package dev.slipway.events.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slipway.events.Envelope;
import dev.slipway.events.Topic;
import dev.slipway.events.json.EventJson;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.io.IOException;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Envelopes as CloudEvents 1.0 in Kafka binary mode: the attributes travel as {@code ce_*} headers,
 * the value is the event data as JSON. Correlation and causation ids are the CloudEvents extensions
 * {@code correlationid} and {@code causationid}; a rerun an operator asked for is the extension
 * {@code rerun}.
 */
public final class CloudEventSerde<E> implements Serde<Envelope<E>> {

  public static final String CORRELATION_ID = "correlationid";
  public static final String CAUSATION_ID = "causationid";
  public static final String RERUN = "rerun";

  /** The Kafka header that carries the correlation id in binary mode. */
  public static final String CORRELATION_ID_HEADER = "ce_" + CORRELATION_ID;

  /** The Kafka header that marks a re-published webhook as a rerun, with the rerun's id. */
  public static final String RERUN_HEADER = "ce_" + RERUN;

  /**
   * The Kafka header that marks a re-published record ({@code ./slipway replay}): the original id.
   */
  public static final String REPLAY_OF_HEADER = "ce_replayof";

  private static final String JSON = "application/json";

  private final Topic<E> topic;
  private final CloudEventSerializer cloudEventSerializer = new CloudEventSerializer();
  private final CloudEventDeserializer cloudEventDeserializer = new CloudEventDeserializer();

  public CloudEventSerde(Topic<E> topic) {
    this.topic = topic;
    cloudEventSerializer.configure(Map.of(), false);
    cloudEventDeserializer.configure(Map.of(), false);
  }

  @Override
  public Serializer<Envelope<E>> serializer() {
    return new Serializer<>() {
      @Override
      public byte[] serialize(String topicName, Envelope<E> envelope) {
        return serialize(topicName, new RecordHeaders(), envelope);
      }

      @Override
      public byte[] serialize(String topicName, Headers headers, Envelope<E> envelope) {
        return write(topicName, headers, envelope);
      }
    };
  }

  @Override
  public Deserializer<Envelope<E>> deserializer() {
    return new Deserializer<>() {
      @Override
      public Envelope<E> deserialize(String topicName, byte[] data) {
        throw new UnreadableEventException("binary-mode CloudEvents need the record's headers");
      }

      @Override
      public Envelope<E> deserialize(String topicName, Headers headers, byte[] data) {
        return read(topicName, headers, data);
      }
    };
  }

  private byte[] write(String topicName, Headers headers, Envelope<E> envelope) {
    if (envelope == null) {
      return null;
    }
    // Kafka Streams forwards the input record's headers: drop the cause's attributes before writing
    // ours.
    removeCloudEventHeaders(headers);
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(envelope.id())
            .withType(topic.typeOf(envelope.data()))
            .withSource(URI.create(envelope.source()))
            .withSubject(envelope.subject())
            .withTime(envelope.time().atOffset(ZoneOffset.UTC))
            .withDataContentType(JSON)
            .withExtension(CORRELATION_ID, envelope.correlationId())
            .withData(JSON, toJson(envelope.data()));
    if (envelope.causationId() != null) {
      builder.withExtension(CAUSATION_ID, envelope.causationId());
    }
    if (envelope.rerun() != null) {
      builder.withExtension(RERUN, envelope.rerun());
    }
    return cloudEventSerializer.serialize(topicName, headers, builder.build());
  }

  private Envelope<E> read(String topicName, Headers headers, byte[] data) {
    if (data == null) {
      return null;
    }
    CloudEvent event;
    try {
      event = cloudEventDeserializer.deserialize(topicName, headers, data);
    } catch (RuntimeException e) {
      throw new UnreadableEventException("not a binary-mode CloudEvent: " + e.getMessage(), e);
    }
    Class<? extends E> type = topic.classOf(event.getType());
    if (type == null) {
      throw new UnreadableEventException(
          "event type " + event.getType() + " does not travel on " + topic.name());
    }
    if (event.getSubject() == null || event.getTime() == null || event.getData() == null) {
      throw new UnreadableEventException("event " + event.getId() + " lacks subject, time or data");
    }
    Object correlationId = event.getExtension(CORRELATION_ID);
    if (correlationId == null) {
      throw new UnreadableEventException("event " + event.getId() + " has no correlation id");
    }
    Object causationId = event.getExtension(CAUSATION_ID);
    Object rerun = event.getExtension(RERUN);
    E payload;
    try {
      payload = EventJson.mapper().readValue(event.getData().toBytes(), type);
    } catch (IOException e) {
      throw new UnreadableEventException(
          "event " + event.getId() + " data is not a valid " + type.getSimpleName(), e);
    }
    return new Envelope<>(
        event.getId(),
        event.getSource().toString(),
        event.getSubject(),
        event.getTime().toInstant(),
        correlationId.toString(),
        causationId == null ? null : causationId.toString(),
        payload,
        rerun == null ? null : rerun.toString());
  }

  private static byte[] toJson(Object data) {
    try {
      return EventJson.mapper().writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot write " + data.getClass().getSimpleName() + " as JSON", e);
    }
  }

  private static void removeCloudEventHeaders(Headers headers) {
    List<String> names = new ArrayList<>();
    for (Header header : headers) {
      if (header.key().startsWith("ce_") || header.key().equalsIgnoreCase("content-type")) {
        names.add(header.key());
      }
    }
    names.forEach(headers::remove);
  }
}
