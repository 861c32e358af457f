package dev.slipway.deployer.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deployer.domain.ServiceRegistration;
import dev.slipway.deployer.domain.ServiceRegistry.Registered;
import dev.slipway.events.json.EventJson;
import dev.slipway.platform.kafka.RetryableException;
import dev.slipway.testsupport.FreePorts;
import dev.slipway.testsupport.etcd.EtcdProcess;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registration against a real etcd over TLS with client-certificate authentication. */
class EtcdServiceRegistryIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static EtcdProcess etcd;
  private static Client client;

  @BeforeAll
  static void startEtcd() {
    etcd = EtcdProcess.startWithTls();
    client = connect(etcd.endpoint());
  }

  @AfterAll
  static void stopEtcd() {
    client.close();
    etcd.close();
  }

  static Client connect(String endpoint) {
    return EtcdTestClients.connect(etcd, endpoint, TIMEOUT);
  }

  private static ServiceRegistration registration(String service, String release, String image) {
    return new ServiceRegistration(
        service,
        "eu-1",
        "acme/shop",
        release,
        Integer.parseInt(release),
        "v" + release,
        image,
        8080,
        3,
        List.of("127.0.0.1:4001", "127.0.0.1:4002"),
        Instant.parse("2026-03-01T10:15:30Z"));
  }

  @Test
  void announcesTheRunningServiceAsJson() throws Exception {
    new EtcdServiceRegistry(client, TIMEOUT)
        .register(registration("shop", "41", "reg/acme/shop@sha256:aa"));

    JsonNode entry = read("/slipway/services/shop/eu-1").orElseThrow();
    assertThat(entry.get("repo").asText()).isEqualTo("acme/shop");
    assertThat(entry.get("release").asText()).isEqualTo("41");
    assertThat(entry.get("releaseNumber").asInt()).isEqualTo(41);
    assertThat(entry.get("endpoints"))
        .extracting(JsonNode::asText)
        .containsExactly("127.0.0.1:4001", "127.0.0.1:4002");
    assertThat(entry.get("tag").asText()).isEqualTo("v41");
    assertThat(entry.get("image").asText()).isEqualTo("reg/acme/shop@sha256:aa");
    assertThat(entry.get("port").asInt()).isEqualTo(8080);
    assertThat(entry.get("replicas").asInt()).isEqualTo(3);
    assertThat(entry.get("deployedAt").asText()).isEqualTo("2026-03-01T10:15:30Z");
    assertThat(entry.fieldNames())
        .as("the key names the service and the datacenter; the value does not again")
        .toIterable()
        .containsExactlyInAnyOrder(
            "repo",
            "release",
            "releaseNumber",
            "tag",
            "image",
            "port",
            "replicas",
            "endpoints",
            "deployedAt");
  }

  @Test
  void aNewerReleaseReplacesTheServiceKeyAndBothStayInTheHistory() throws Exception {
    EtcdServiceRegistry registry = new EtcdServiceRegistry(client, TIMEOUT);
    assertThat(registry.register(registration("cart", "1", "reg/cart@sha256:01"))).isEmpty();
    assertThat(registry.register(registration("cart", "2", "reg/cart@sha256:02"))).isEmpty();
    assertThat(registry.register(registration("cart", "2", "reg/cart@sha256:02"))).isEmpty();

    assertThat(read("/slipway/services/cart/eu-1").orElseThrow().get("release").asText())
        .isEqualTo("2");
    ByteSequence history = ByteSequence.from("/slipway/history/cart/eu-1/", StandardCharsets.UTF_8);
    List<KeyValue> kept =
        client
            .getKVClient()
            .get(history, GetOption.builder().isPrefix(true).build())
            .get()
            .getKvs();
    assertThat(kept)
        .extracting(kv -> kv.getKey().toString(StandardCharsets.UTF_8))
        .containsExactly("/slipway/history/cart/eu-1/1", "/slipway/history/cart/eu-1/2");
  }

  @Test
  void anOlderReleaseNeverOverwritesANewerRegistration() throws Exception {
    EtcdServiceRegistry registry = new EtcdServiceRegistry(client, TIMEOUT);
    registry.register(registration("till", "5", "reg/till@sha256:05"));

    assertThat(registry.register(registration("till", "4", "reg/till@sha256:04")))
        .hasValue(new Registered("5", 5));

    assertThat(read("/slipway/services/till/eu-1").orElseThrow().get("release").asText())
        .isEqualTo("5");
    assertThat(read("/slipway/history/till/eu-1/4")).isEmpty();
    assertThat(registry.registered("till", "eu-1")).hasValue(new Registered("5", 5));
  }

  @Test
  void ofManyWritersAtOnceTheNewestReleaseStays() throws Exception {
    List<EtcdServiceRegistry> writers =
        List.of(
            new EtcdServiceRegistry(client, TIMEOUT),
            new EtcdServiceRegistry(client, TIMEOUT),
            new EtcdServiceRegistry(client, TIMEOUT));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (int release = 1; release <= 12; release++) {
      ServiceRegistration registration =
          registration("race", Integer.toString(release), "reg/race@sha256:" + release);
      EtcdServiceRegistry writer = writers.get(release % writers.size());
      writes.add(CompletableFuture.runAsync(() -> writer.register(registration), pool));
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    pool.shutdown();

    assertThat(read("/slipway/services/race/eu-1").orElseThrow().get("releaseNumber").asInt())
        .isEqualTo(12);
  }

  @Test
  void theFirstRepositoryToClaimAServiceNameOwnsIt() throws Exception {
    EtcdServiceRegistry registry = new EtcdServiceRegistry(client, TIMEOUT);

    assertThat(registry.claim("ledger", "eu-1", "acme/ledger")).isEqualTo("acme/ledger");
    assertThat(registry.claim("ledger", "eu-1", "globex/ledger")).isEqualTo("acme/ledger");
    assertThat(registry.claim("ledger", "eu-1", "acme/ledger")).isEqualTo("acme/ledger");
    assertThat(registry.claim("ledger", "eu-2", "globex/ledger")).isEqualTo("globex/ledger");

    List<KeyValue> owner =
        client
            .getKVClient()
            .get(ByteSequence.from("/slipway/owners/ledger/eu-1", StandardCharsets.UTF_8))
            .get()
            .getKvs();
    assertThat(owner.get(0).getValue().toString(StandardCharsets.UTF_8)).isEqualTo("acme/ledger");
  }

  @Test
  void anUnreachableEtcdIsRetryable() {
    try (Client nowhere = connect("https://127.0.0.1:" + FreePorts.take())) {
      EtcdServiceRegistry registry = new EtcdServiceRegistry(nowhere, Duration.ofSeconds(2));

      assertThatThrownBy(() -> registry.register(registration("shop", "41", "reg/shop@sha256:aa")))
          .isInstanceOf(RetryableException.class)
          .hasMessage("etcd of dc eu-1 did not answer");
    }
  }

  static Optional<JsonNode> read(String key) throws Exception {
    List<KeyValue> found =
        client.getKVClient().get(ByteSequence.from(key, StandardCharsets.UTF_8)).get().getKvs();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(EventJson.mapper().readTree(found.get(0).getValue().getBytes()));
  }
}
