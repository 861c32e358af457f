package dev.slipway.ops.cli;

import dev.slipway.ops.config.OpsConfig;
import dev.slipway.ops.kafka.DeliveryNotFoundException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.KafkaException;

/** {@code java dev.slipway.ops.cli.Main <command> …}: see {@link Cli#USAGE}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args)));
  }

  static int run(List<String> args) {
    List<String> rest = new ArrayList<>(args);
    Path file = null;
    int config = rest.indexOf("--config");
    if (config >= 0 && config + 1 < rest.size()) {
      file = Path.of(rest.get(config + 1));
      rest.subList(config, config + 2).clear();
    }
    if (rest.isEmpty() || rest.contains("--help") || rest.get(0).equals("help")) {
      System.out.print(Cli.USAGE);
      return rest.isEmpty() ? 2 : 0;
    }
    try {
      return new Cli(OpsConfig.load(file), Clock.systemUTC(), user(), System.out, System.err)
          .run(rest);
    } catch (UsageException e) {
      System.err.println("slipway: " + e.getMessage());
      System.err.print(Cli.USAGE);
      return 2;
    } catch (DeliveryNotFoundException | IllegalArgumentException | IllegalStateException e) {
      System.err.println("slipway: " + e.getMessage());
      return 1;
    } catch (KafkaException e) {
      System.err.println(
          "slipway: Kafka: "
              + e.getMessage()
              + " (kafka.bootstrap.servers, KAFKA_BOOTSTRAP_SERVERS or --config)");
      return 1;
    }
  }

  /**
   * Who runs the command, as the environment names them; every replay and release operation records
   * it.
   */
  private static String user() {
    return Stream.of(
            System.getenv("SLIPWAY_OPERATOR"),
            System.getenv("USER"),
            System.getenv("LOGNAME"),
            System.getProperty("user.name"))
        .filter(name -> name != null && !name.isBlank())
        .findFirst()
        .orElse("unknown");
  }
}
