package dev.slipway.platform.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while a Kafka broker answers and Slipway's topics exist. */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

  private final Admin admin;
  private final TopicBootstrap topics;

  KafkaReadinessCheck(Admin admin, TopicBootstrap topics) {
    this.admin = admin;
    this.topics = topics;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("kafka");
    try {
      int brokers =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(2000))
              .nodes()
              .get(2, TimeUnit.SECONDS)
              .size();
      return response
          .status(brokers > 0 && topics.ready())
          .withData("brokers", brokers)
          .withData("topics", topics.ready())
          .build();
    } catch (Exception e) {
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
