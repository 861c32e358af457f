package dev.slipway.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.events.Envelope;
import dev.slipway.events.PipelineRejected;
import dev.slipway.events.RunsCancelled;
import dev.slipway.events.TaskSpecEvent;
import dev.slipway.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventSerdeTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private final org.apache.kafka.common.serialization.Serde<Envelope<TaskSpecEvent>> serde =
      TopicSerdes.valueSerde(Topics.TASK_SPEC);

  @Test
  void writesBinaryModeHeadersAndJsonData() {
    Headers headers = new RecordHeaders();
    Envelope<TaskSpecEvent> cause =
        Envelope.first(
            "/slipway/test",
            "acme/app",
            "delivery-1",
            NOW,
            new RunsCancelled("acme/app", 7, null, "pull request closed"));
    Envelope<TaskSpecEvent> effect =
        Envelope.causedBy(
            cause,
            "/slipway/task-compiler",
            NOW,
            new PipelineRejected("acme/app", "abc", 7, "bad", 3));

    byte[] data = serde.serializer().serialize("slipway.task-spec", headers, effect);

    assertThat(header(headers, "ce_specversion")).isEqualTo("1.0");
    assertThat(header(headers, "ce_type")).isEqualTo("dev.slipway.pipeline.rejected");
    assertThat(header(headers, "ce_source")).isEqualTo("/slipway/task-compiler");
    assertThat(header(headers, "ce_subject")).isEqualTo("acme/app");
    assertThat(header(headers, "ce_correlationid")).isEqualTo("delivery-1");
    assertThat(header(headers, "ce_causationid")).isEqualTo(cause.id());
    assertThat(new String(data, StandardCharsets.UTF_8)).contains("\"reason\":\"bad\"");
    assertThat(serde.deserializer().deserialize("slipway.task-spec", headers, data))
        .isEqualTo(effect);
  }

  @Test
  void aRerunTravelsAsTheRerunExtensionAndIsNotPassedOn() {
    Headers headers = new RecordHeaders();
    RunsCancelled data = new RunsCancelled("acme/app", 7, null, "x");
    Envelope<TaskSpecEvent> rerun =
        new Envelope<>("e-1", "/slipway/test", "acme/app", NOW, "d-1", null, data, "rerun-1");

    byte[] bytes = serde.serializer().serialize("slipway.task-spec", headers, rerun);

    assertThat(header(headers, "ce_rerun")).isEqualTo("rerun-1");
    assertThat(serde.deserializer().deserialize("slipway.task-spec", headers, bytes).rerun())
        .isEqualTo("rerun-1");
    assertThat(Envelope.causedBy(rerun, "/slipway/b", NOW, data).rerun()).isNull();
  }

  @Test
  void rewritingForwardedHeadersLeavesOneOfEach() {
    Headers headers = new RecordHeaders();
    Envelope<TaskSpecEvent> first =
        Envelope.first(
            "/slipway/a", "acme/app", "d-1", NOW, new RunsCancelled("acme/app", 1, null, "x"));
    serde.serializer().serialize("slipway.task-spec", headers, first);
    Envelope<TaskSpecEvent> second =
        Envelope.causedBy(first, "/slipway/b", NOW, new RunsCancelled("acme/app", 2, null, "y"));

    serde.serializer().serialize("slipway.task-spec", headers, second);

    assertThat(headers.headers("ce_id")).hasSize(1);
    assertThat(header(headers, "ce_id")).isEqualTo(second.id());
  }

  @Test
  void rejectsRecordsThatAreNotSlipwayEvents() {
    Headers noHeaders = new RecordHeaders();
    assertThatThrownBy(
            () ->
                serde
                    .deserializer()
                    .deserialize(
                        "slipway.task-spec", noHeaders, "{}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnreadableEventException.class);

    Headers wrongType = new RecordHeaders();
    Envelope<TaskSpecEvent> event =
        Envelope.first(
            "/slipway/a", "acme/app", "d-1", NOW, new RunsCancelled("acme/app", 1, null, "x"));
    byte[] data = serde.serializer().serialize("slipway.task-spec", wrongType, event);
    wrongType.remove("ce_type");
    wrongType.add("ce_type", "dev.slipway.image.pushed".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> serde.deserializer().deserialize("slipway.task-spec", wrongType, data))
        .isInstanceOf(UnreadableEventException.class)
        .hasMessageContaining("does not travel on slipway.task-spec");
  }

  private static String header(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
