package dev.slipway.platform.runtime;

import dev.slipway.platform.kafka.TopicProvisioner;
import dev.slipway.platform.workers.Worker;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing topics at start-up. A service starts even when Kafka is down; this keeps trying
 * in the background and readiness stays false until the topics exist.
 */
@ApplicationScoped
public class TopicBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);
  private static final long RETRY_PAUSE_MS = 2000;

  private final Admin admin;
  private final KafkaSettings settings;
  private final Workers workers;
  private volatile boolean ready;

  TopicBootstrap(Admin admin, KafkaSettings settings, Workers workers) {
    this.admin = admin;
    this.settings = settings;
    this.workers = workers;
  }

  void onStart(@Observes StartupEvent event) {
    workers.start("slipway-topics", Provisioning::new);
  }

  public boolean ready() {
    return ready;
  }

  /** Creates the missing topics, trying again until Kafka lets it or the service stops. */
  private final class Provisioning implements Worker {
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void run() {
      TopicProvisioner provisioner =
          new TopicProvisioner(admin, settings.partitions(), settings.replicationFactor());
      while (!ready && closed.getCount() > 0) {
        try {
          List<String> created = provisioner.ensureAll();
          if (!created.isEmpty()) {
            LOG.info("created topics {}", created);
          }
          ready = true;
        } catch (ExecutionException | TimeoutException e) {
          LOG.warn("topics not ready yet, Kafka unreachable or refusing: {}", e.getMessage());
          pause();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private void pause() {
      try {
        closed.await(RETRY_PAUSE_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
      }
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }
}
