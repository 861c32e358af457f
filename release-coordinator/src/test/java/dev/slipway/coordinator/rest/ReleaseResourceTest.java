package dev.slipway.coordinator.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StateStoreMigratedException;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * While Kafka Streams cannot answer, the endpoint says "try again shortly", never 500, to programs
 * and to people alike; an unknown repository is not found in both forms.
 */
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
        resource(
            repository -> {
              throw problem;
            });

    Response json = resource.lanes("acme", "shop");
    Response page = resource.page("acme", "shop");

    assertThat(json.getStatus()).isEqualTo(503);
    assertThat(json.getHeaderString("Retry-After")).isEqualTo("5");
    assertThat(json.getEntity())
        .isEqualTo(
            Map.of("error", "the release state is not queryable yet: " + problem.getMessage()));
    assertThat(page.getStatus()).isEqualTo(503);
    assertThat(page.getHeaderString("Retry-After")).isEqualTo("5");
    assertThat((String) page.getEntity())
        .contains("<h1>Releases of acme/shop</h1>")
        .contains(
            "<p id=\"problem\">the release state is not queryable yet: "
                + problem.getMessage()
                + "</p>");
  }

  @Test
  void anUnknownRepositoryIsNotFoundInBothForms() {
    ReleaseResource resource = resource(repository -> null);

    Response json = resource.lanes("acme", "<unknown>");
    Response page = resource.page("acme", "<unknown>");

    assertThat(json.getStatus()).isEqualTo(404);
    assertThat(json.getEntity())
        .isEqualTo(Map.of("error", "no release of acme/<unknown> is known"));
    assertThat(page.getStatus()).isEqualTo(404);
    assertThat((String) page.getEntity())
        .contains("<p id=\"problem\">no release of acme/&lt;unknown&gt; is known</p>")
        .doesNotContain("<unknown>");
  }

  private static ReleaseResource resource(ReleaseResource.ReleaseStore store) {
    return new ReleaseResource(
        store,
        new HistoryPage("http://localhost:8082/builds/", "https://github.com"),
        Clock.systemUTC());
  }
}
