package dev.slipway.deployer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.slipway.testsupport.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What every service shares: health that follows Kafka, and Prometheus metrics. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ServiceHealthIT {

  @Test
  void isLiveAndReadyOnceKafkaAnswersAndTheTopicsExist() {
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .when()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("checks.find { it.name == 'kafka' }.status", equalTo("UP")));
  }

  @Test
  void servesPrometheusMetrics() {
    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("jvm_memory_used_bytes"));
  }
}
