package dev.slipway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void everyEventOfEveryFamilyHasItsTypeOnItsTopic() {
    for (Topic<?> topic : Topics.ALL) {
      assertThat(topic.family().getPermittedSubclasses()).as(topic.name()).isNotEmpty();
      Arrays.stream(topic.family().getPermittedSubclasses())
          .forEach(
              event ->
                  assertThat(
                          Topics.ALL.stream()
                              .filter(other -> other.family().isAssignableFrom(event)))
                      .as(event.getSimpleName() + " travels on one topic")
                      .containsExactly(topic));
    }
  }

  @Test
  void aFamilyMemberWithoutTypeIsRefusedWhenTheRegistryIsMade() {
    assertThatThrownBy(
            () ->
                Topic.of(
                    "slipway.build-job",
                    BuildJobEvent.class,
                    Map.of("dev.slipway.task.run.state-changed", TaskRunStateChanged.class),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "slipway.build-job: no CloudEvents type for ReleaseBuildStateChanged of BuildJobEvent");
  }

  @Test
  void aFamilyThatIsNotSealedIsRefused() {
    assertThatThrownBy(
            () -> Topic.of("slipway.any", Object.class, Map.of("any", String.class), Map.of()))
        .hasMessage(
            "slipway.any: the family Object must be sealed, so the types it carries are known");
  }
}
