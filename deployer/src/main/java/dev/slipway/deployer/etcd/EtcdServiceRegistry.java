package dev.slipway.deployer.etcd;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slipway.deployer.domain.ServiceRegistration;
import dev.slipway.deployer.domain.ServiceRegistry;
import dev.slipway.events.json.EventJson;
import dev.slipway.platform.kafka.RetryableException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Announces rolled-out services in one datacenter's etcd: the running release under {@link
 * #serviceKey} (what haproxy and other readers watch) and every rollout under {@link #historyKey},
 * both written in one transaction.
 */
public final class EtcdServiceRegistry implements ServiceRegistry {

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

  @Override
  public void register(ServiceRegistration registration) {
    ByteSequence value = ByteSequence.from(json(registration));
    try {
      client
          .getKVClient()
          .txn()
          .Then(
              Op.put(bytes(serviceKey(registration.service(), registration.datacenter())), value, PutOption.DEFAULT),
              Op.put(
                  bytes(historyKey(registration.service(), registration.datacenter(), registration.release())),
                  value,
                  PutOption.DEFAULT))
          .commit()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new RetryableException(
          "etcd of dc " + registration.datacenter() + " did not take the registration of " + registration.service(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableException("interrupted while registering " + registration.service() + " in etcd", e);
    }
  }

  private static byte[] json(ServiceRegistration registration) {
    try {
      return EventJson.mapper().writeValueAsBytes(new ServiceEntry(registration));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a service registration must always serialize", e);
    }
  }

  private static ByteSequence bytes(String key) {
    return ByteSequence.from(key, StandardCharsets.UTF_8);
  }
}
