package dev.slipway.platform.runtime;

import dev.slipway.platform.kafka.TopicProvisioner;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * Creates missing topics at start-up. A service starts even when Kafka is down; this keeps trying
 * in the background and readiness stays false until the topics exist.
 */
@ApplicationScoped
public class TopicBootstrap {

  private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);

  private final Admin admin;
  private final KafkaSettings settings;
  private volatile boolean ready;
  private volatile Thread worker;

  TopicBootstrap(Admin admin, KafkaSettings settings) {
    this.admin = admin;
    this.settings = settings;
  }

  void onStart(@Observes StartupEvent event) {
    worker = new Thread(this::provisionUntilDone, "slipway-topics");
    worker.setDaemon(true);
    worker.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    if (worker != null) {
      worker.interrupt();
    }
  }

  public boolean ready() {
    return ready;
  }

  private void provisionUntilDone() {
    TopicProvisioner provisioner =
        new TopicProvisioner(admin, settings.partitions(), settings.replicationFactor());
    while (!ready && !Thread.currentThread().isInterrupted()) {
      try {
        List<String> created = provisioner.ensureAll();
        if (!created.isEmpty()) {
          LOG.infof("created topics %s", created);
        }
        ready = true;
      } catch (ExecutionException | TimeoutException e) {
        LOG.warnf("topics not ready yet, Kafka unreachable or refusing: %s", e.getMessage());
        pause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
