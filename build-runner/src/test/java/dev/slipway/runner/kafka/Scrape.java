package dev.slipway.runner.kafka;

import static io.restassured.RestAssured.given;

import java.util.OptionalDouble;

/** The runner's {@code /q/metrics}, as Prometheus scrapes it. */
final class Scrape {

  private Scrape() {}

  static String text() {
    return given().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  /**
   * The value of one series, named with its labels: {@code slipway_runs_active{state="queued"}}.
   */
  static OptionalDouble value(String series) {
    return text()
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst();
  }

  /** The value of a series that may not exist yet (a timer before its first record): 0 then. */
  static double valueOrZero(String series) {
    return value(series).orElse(0);
  }
}
