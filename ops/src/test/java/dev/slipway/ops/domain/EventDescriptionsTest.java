package dev.slipway.ops.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseOperationRejected;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseOrigin;
import dev.slipway.events.ReleaseOrigin.Operation;
import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookReceived;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventDescriptionsTest {

  @Test
  void everyEventOfEveryTopicHasALineOfItsOwn() {
    for (Topic<?> topic : Topics.ALL) {
      for (Class<?> type : topic.family().getPermittedSubclasses()) {
        Object event = sample(type);
        assertThat(EventDescriptions.describe(event))
            .as("%s on %s", type.getSimpleName(), topic.name())
            .isNotEqualTo(String.valueOf(event));
      }
    }
  }

  @Test
  void everyKindOfWebhookSaysWhatItIsAbout() {
    String ping = EventDescriptions.describe(webhook(new WebhookDetails.Ping()));
    for (Class<?> kind : WebhookDetails.class.getPermittedSubclasses()) {
      if (kind != WebhookDetails.Ping.class) {
        assertThat(EventDescriptions.describe(webhook((WebhookDetails) sample(kind))))
            .as(kind.getSimpleName())
            .isNotEqualTo(ping);
      }
    }
  }

  @Test
  void aDeploymentAPersonCreatedNamesWhatAndWhere() {
    WebhookReceived deployment =
        new WebhookReceived(
            "d-1",
            "deployment",
            "created",
            "acme/shop",
            "https://github.com/acme/shop.git",
            "alice",
            null,
            new WebhookDetails.Deployment(123, "v1.2", "45c9e75a0b1c", "dc2", "alice", false),
            "{}");

    assertThat(EventDescriptions.describe(deployment))
        .isEqualTo("deployment created #123 of v1.2 to dc2 by alice");
  }

  @Test
  void anOperationIsDescribedAsAskedAndAsRefused() {
    ReleaseOperationRequested fromCli =
        new ReleaseOperationRequested(
            "9f1",
            "acme/shop",
            Operation.ROLLBACK,
            4,
            null,
            List.of("dc1", "dc2"),
            "alice",
            Instant.EPOCH,
            null);
    ReleaseOperationRequested fromGitHub =
        new ReleaseOperationRequested(
            "9f2",
            "acme/shop",
            Operation.REDEPLOY,
            null,
            "v1.2",
            List.of("dc2"),
            "bob",
            Instant.EPOCH,
            123L);
    ReleaseOperationRejected refused =
        new ReleaseOperationRejected(
            "op-9f3",
            "acme/shop",
            "9f3",
            Operation.RETRY,
            List.of(),
            "v6 completed: there is nothing to retry",
            null);

    assertThat(EventDescriptions.describe(fromCli))
        .isEqualTo("rollback to v4 in dc1, dc2 asked by alice");
    assertThat(EventDescriptions.describe(fromGitHub))
        .isEqualTo("redeploy of v1.2 in dc2 asked by bob (GitHub deployment 123)");
    assertThat(EventDescriptions.describe(refused))
        .isEqualTo("retry refused: v6 completed: there is nothing to retry");
  }

  @Test
  void anAdmittedOperationSaysItsNumberOriginAndTheImageItDeploysWithoutBuilding() {
    ReleaseAdmitted rollback =
        new ReleaseAdmitted(
            "op-9f1",
            "acme/shop",
            "v1.0",
            "45c9e75",
            "file:///shop.git",
            7,
            "dc1",
            (BuildDefinition) sample(BuildDefinition.class),
            (DeployDefinition) sample(DeployDefinition.class),
            new ReleaseOrigin(Operation.ROLLBACK, 4, "alice", null),
            "127.0.0.1:5000/acme/shop@sha256:4444");

    assertThat(EventDescriptions.describe(rollback))
        .isEqualTo(
            "release v1.0 admitted in dc1 as v7, rollback to v4 by alice, no build:"
                + " 127.0.0.1:5000/acme/shop@sha256:4444");
  }

  private static WebhookReceived webhook(WebhookDetails details) {
    return new WebhookReceived(
        "d-1", "event", "action", "acme/shop", "https://x.git", "alice", null, details, "{}");
  }

  /** An instance of {@code type} with a value in every field, so no description meets a null. */
  private static Object sample(Type type) {
    if (type instanceof ParameterizedType parameterized) {
      Type raw = parameterized.getRawType();
      Type element = parameterized.getActualTypeArguments()[0];
      if (raw == List.class) {
        return List.of(sample(element));
      }
      return raw == Set.class ? Set.of(sample(element)) : sample(raw);
    }
    Class<?> raw = (Class<?>) type;
    if (raw == String.class) {
      return "x";
    }
    if (raw == int.class || raw == Integer.class) {
      return 1;
    }
    if (raw == long.class || raw == Long.class) {
      return 1L;
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return false;
    }
    if (raw == Instant.class) {
      return Instant.EPOCH;
    }
    if (raw == Duration.class) {
      return Duration.ofSeconds(1);
    }
    if (raw == byte[].class) {
      return new byte[] {1};
    }
    if (raw == Map.class) {
      return Map.of();
    }
    if (raw.isEnum()) {
      return raw.getEnumConstants()[raw.getEnumConstants().length - 1];
    }
    if (raw.isSealed()) {
      return sample(raw.getPermittedSubclasses()[0]);
    }
    if (raw.isRecord()) {
      RecordComponent[] components = raw.getRecordComponents();
      Object[] values =
          Arrays.stream(components).map(component -> sample(component.getGenericType())).toArray();
      try {
        Constructor<?> canonical =
            raw.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        canonical.setAccessible(true);
        return canonical.newInstance(values);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot make a " + raw.getSimpleName(), e);
      }
    }
    throw new IllegalStateException("no sample value for " + raw);
  }
}
