package dev.slipway.coordinator.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StateStoreMigratedException;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** While Kafka Streams cannot answer, the endpoint says "try again shortly", never 500. */
class ReleaseResourceTest {

  static Stream<InvalidStateStoreException> notQueryable() {
    return Stream.of(
        new StreamsNotStartedException("KafkaStreams has not been started"),
        new StateStoreMigratedException(
            "the store migrated to another instance during a rebalance"),
        new InvalidStateStoreException("the state store is not open"));
  }

  @ParameterizedTest
  @MethodSource("notQueryable")
  void aStoreThatCannotBeReadAnswersServiceUnavailableWithRetryAfter(
      InvalidStateStoreException problem) {
    ReleaseResource resource =
        new ReleaseResource(
            repository -> {
              throw problem;
            });

    Response response = resource.lanes("acme", "shop");

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
    assertThat(response.getEntity())
        .isEqualTo(
            Map.of("error", "the release state is not queryable yet: " + problem.getMessage()));
  }
}
