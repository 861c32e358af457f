package dev.slipway.deployer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A service whose Kafka is unreachable stays up (live) but tells the orchestrator it is not ready.
 */
@QuarkusTest
@TestProfile(ReadinessWithoutKafkaIT.NoKafka.class)
class ReadinessWithoutKafkaIT {

  public static class NoKafka implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // Port 9 (discard) on loopback: nothing listens there.
      // The admin client logs each of its many reconnection attempts at INFO (20,000 lines a run).
      return Map.of(
          "kafka.bootstrap.servers", "127.0.0.1:9",
          "quarkus.log.category.\"org.apache.kafka.clients.admin.internals.AdminMetadataManager\".level",
              "WARN");
    }
  }

  @Test
  void isLiveButNotReady() {
    given().when().get("/q/health/live").then().statusCode(200);
    given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
  }
}
