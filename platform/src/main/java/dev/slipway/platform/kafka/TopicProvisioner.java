package dev.slipway.platform.kafka;

import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Slipway's topics that do not exist yet; existing ones are left as they are. */
public final class TopicProvisioner {

  private final Admin admin;
  private final int partitions;
  private final short replicationFactor;

  public TopicProvisioner(Admin admin, int partitions, short replicationFactor) {
    this.admin = admin;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
  }

  /**
   * Creates the missing topics once, through an admin client of {@code clients} that it closes: for
   * tools, tests and benchmarks. A service keeps its admin client and tries again ({@code
   * TopicBootstrap}).
   *
   * @return the names of the topics created now
   */
  public static List<String> provision(
      KafkaClientFactory clients, int partitions, short replicationFactor)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = clients.newAdmin()) {
      return new TopicProvisioner(admin, partitions, replicationFactor).ensureAll();
    }
  }

  /**
   * @return the names of the topics created now
   */
  public List<String> ensureAll()
      throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
    List<NewTopic> missing =
        Topics.ALL.stream()
            .filter(topic -> !existing.contains(topic.name()))
            .map(this::newTopic)
            .toList();
    if (missing.isEmpty()) {
      return List.of();
    }
    List<String> created = new ArrayList<>();
    // Several services start at once and race to create the same topics: losing that race is fine.
    for (Map.Entry<String, KafkaFuture<Void>> creation :
        admin.createTopics(missing).values().entrySet()) {
      try {
        creation.getValue().get(30, TimeUnit.SECONDS);
        created.add(creation.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    return created;
  }

  private NewTopic newTopic(Topic<?> topic) {
    return new NewTopic(topic.name(), partitions, replicationFactor).configs(topic.config());
  }
}
