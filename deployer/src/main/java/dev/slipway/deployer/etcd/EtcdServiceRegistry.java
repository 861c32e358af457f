package dev.slipway.deployer.etcd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.slipway.deployer.domain.ServiceRegistration;
import dev.slipway.deployer.domain.ServiceRegistry;
import dev.slipway.deployer.domain.ServiceRegistry.Registered;
import dev.slipway.events.json.EventJson;
import dev.slipway.platform.kafka.RetryableException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Announces rolled-out services in one datacenter's etcd: the running release under {@link
 * #serviceKey} (what haproxy and other readers watch), every rollout under {@link #historyKey}, and
 * the repository that owns each service name under {@link #ownerKey}.
 *
 * <p>Every write is a transaction conditioned on what was read (the key's mod revision, or its
 * absence), so of two deployers writing at once the one that read a stale state writes nothing and
 * reads again: an older release never overwrites a newer registration, and two repositories never
 * both claim a name.
 */
public final class EtcdServiceRegistry implements ServiceRegistry {

  private static final int ATTEMPTS = 10;

  /**
   * Writes a registration as the JSON value of its service key: every field but the key's own
   * parts. The field names are a contract with every reader (haproxy's sync reads {@code port} and
   * {@code endpoints}; {@code endpoints} empty: {@code port} on every upstream host).
   */
  private static final ObjectWriter SERVICE_VALUE =
      EventJson.mapper()
          .copy()
          .addMixIn(ServiceRegistration.class, WithoutKey.class)
          .writerFor(ServiceRegistration.class);

  @JsonIgnoreProperties({"service", "datacenter"})
  private interface WithoutKey {}

  private final Client client;
  private final Duration timeout;

  public EtcdServiceRegistry(Client client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  public static String serviceKey(String service, String datacenter) {
    return "/slipway/services/" + service + "/" + datacenter;
  }

  /** Outside {@code /slipway/services/}, so a reader of running services never sees history. */
  public static String historyKey(String service, String datacenter, String releaseId) {
    return "/slipway/history/" + service + "/" + datacenter + "/" + releaseId;
  }

  /**
   * The repository ({@code org/repo}, plain text) that first deployed the service in the
   * datacenter.
   */
  public static String ownerKey(String service, String datacenter) {
    return "/slipway/owners/" + service + "/" + datacenter;
  }

  @Override
  public String claim(String service, String datacenter, String repo) {
    ByteSequence key = bytes(ownerKey(service, datacenter));
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Optional<KeyValue> current = get(key, datacenter);
      if (current.isPresent()) {
        return current.get().getValue().toString(StandardCharsets.UTF_8);
      }
      TxnResponse written =
          commit(
              datacenter,
              client
                  .getKVClient()
                  .txn()
                  .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                  .Then(Op.put(key, bytes(repo), PutOption.DEFAULT))
                  .commit());
      if (written.isSucceeded()) {
        return repo;
      }
    }
    throw new RetryableException(
        "the owner of " + service + " in dc " + datacenter + " kept changing while it was claimed");
  }

  @Override
  public Optional<Registered> registered(String service, String datacenter) {
    return get(bytes(serviceKey(service, datacenter)), datacenter)
        .map(EtcdServiceRegistry::release);
  }

  @Override
  public Optional<Registered> register(ServiceRegistration registration) {
    ByteSequence key = bytes(serviceKey(registration.service(), registration.datacenter()));
    ByteSequence value = ByteSequence.from(json(registration));
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Optional<KeyValue> current = get(key, registration.datacenter());
      Optional<Registered> stored = current.map(EtcdServiceRegistry::release);
      if (stored.isPresent() && stored.get().releaseNumber() > registration.releaseNumber()) {
        return stored;
      }
      Cmp unchanged =
          current
              .map(kv -> new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(kv.getModRevision())))
              .orElseGet(() -> new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)));
      TxnResponse written =
          commit(
              registration.datacenter(),
              client
                  .getKVClient()
                  .txn()
                  .If(unchanged)
                  .Then(
                      Op.put(key, value, PutOption.DEFAULT),
                      Op.put(
                          bytes(
                              historyKey(
                                  registration.service(),
                                  registration.datacenter(),
                                  registration.release())),
                          value,
                          PutOption.DEFAULT))
                  .commit());
      if (written.isSucceeded()) {
        return Optional.empty();
      }
    }
    throw new RetryableException(
        "the registration of "
            + registration.service()
            + " in dc "
            + registration.datacenter()
            + " kept changing while it was written");
  }

  private Optional<KeyValue> get(ByteSequence key, String datacenter) {
    List<KeyValue> found =
        commit(datacenter, client.getKVClient().get(key, GetOption.DEFAULT)).getKvs();
    return found.stream().findFirst();
  }

  private <T> T commit(String datacenter, CompletableFuture<T> call) {
    try {
      return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      call.cancel(true);
      throw new RetryableException("etcd of dc " + datacenter + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableException("interrupted while talking to etcd of dc " + datacenter, e);
    }
  }

  /**
   * The release a service key names. A value that is not ours to read (hand-written, older format)
   * counts as release 0: any release replaces it.
   */
  private static Registered release(KeyValue kv) {
    try {
      return EventJson.mapper().readValue(kv.getValue().getBytes(), Registered.class);
    } catch (IOException e) {
      return new Registered("unreadable", 0);
    }
  }

  private static byte[] json(ServiceRegistration registration) {
    try {
      return SERVICE_VALUE.writeValueAsBytes(registration);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a service registration must always serialize", e);
    }
  }

  private static ByteSequence bytes(String key) {
    return ByteSequence.from(key, StandardCharsets.UTF_8);
  }
}
