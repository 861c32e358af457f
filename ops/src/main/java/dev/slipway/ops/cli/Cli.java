package dev.slipway.ops.cli;

import dev.slipway.events.Topic;
import dev.slipway.events.Topics;
import dev.slipway.ops.config.OpsConfig;
import dev.slipway.ops.domain.Durations;
import dev.slipway.ops.domain.EventDescriptions;
import dev.slipway.ops.domain.ReplaySelection;
import dev.slipway.ops.domain.TailFilter;
import dev.slipway.ops.domain.Trace;
import dev.slipway.ops.domain.TracedEvent;
import dev.slipway.ops.kafka.KafkaReplay;
import dev.slipway.ops.kafka.KafkaTail;
import dev.slipway.ops.kafka.KafkaTrace;
import dev.slipway.platform.kafka.KafkaClientFactory;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;

/**
 * The commands: {@code trace}, {@code events tail}, {@code replay} on Kafka; {@code release} on the
 * release-coordinator's HTTP endpoint.
 */
public final class Cli {

  static final String USAGE =
      """
      usage:
        trace <delivery-id> [--at TIME] [--json]
        events tail [--topic T]... [--repo owner/repo] [--type X] [--from TIME] [--max N] [--until-idle DURATION]
        replay --topic T --from TIME [--to TIME] [--repo owner/repo] [--delivery D] [--dry-run] [--rerun]
      %s\
      TIME: an instant (2026-12-01T02:30:00Z) or how long ago (15m, 2h, 1d); DURATION: 500ms, 30s, 5m
      options of every command: --config FILE (a properties file with a service's Kafka settings)
      """
          .formatted(ReleaseInvocation.USAGE);

  /**
   * Trace and replay read bounded windows: many records per poll, and no waiting at the broker for
   * more data (a fetch that waits its default 500 ms at each window's end made a trace's search ten
   * times slower). A cluster that does not answer fails a command after 15 s, not the client's
   * default minute.
   */
  public static final Map<String, Object> READER =
      Map.of(
          ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
          5000,
          ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
          10,
          ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
          15_000);

  /** Tail follows: a fetch may wait at the broker for new records. */
  private static final Map<String, Object> FOLLOWER =
      Map.of(
          ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
          5000,
          ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
          15_000);

  static final Set<String> FLAGS = Set.of("json", "dry-run", "rerun", "no-wait");

  private final OpsConfig config;
  private final Clock clock;
  private final String user;
  private final PrintStream out;
  private final PrintStream err;

  /**
   * @param user who runs the commands, named in every replay and release operation
   * @param err where the release commands say why they failed
   */
  public Cli(OpsConfig config, Clock clock, String user, PrintStream out, PrintStream err) {
    this.config = config;
    this.clock = clock;
    this.user = user;
    this.out = out;
    this.err = err;
  }

  /**
   * Runs one command.
   *
   * @return the exit code
   * @throws UsageException when the command line is wrong
   */
  public int run(List<String> args) {
    Arguments arguments = new Arguments(args, FLAGS);
    List<String> words = arguments.words();
    if (words.isEmpty()) {
      throw new UsageException("name a command");
    }
    switch (words.get(0)) {
      case "trace":
        return trace(arguments);
      case "events":
        if (words.size() < 2 || !words.get(1).equals("tail")) {
          throw new UsageException("events: the one subcommand is tail");
        }
        return tail(arguments);
      case "replay":
        return replay(arguments);
      case "release":
        return release(arguments);
      default:
        throw new UsageException("unknown command " + words.get(0));
    }
  }

  private int trace(Arguments arguments) {
    if (arguments.words().size() != 2) {
      throw new UsageException("trace takes one delivery id");
    }
    String delivery = arguments.words().get(1);
    Optional<Instant> at =
        Optional.ofNullable(arguments.option("at"))
            .map(text -> Durations.parseTime(text, clock.instant()));
    boolean json = arguments.flag("json");
    arguments.rejectUnknown();
    KafkaTrace.Window window = KafkaTrace.Window.of(config.ops());
    try (Consumer<byte[], byte[]> consumer = clients().newConsumer(null, READER)) {
      Trace trace = new KafkaTrace(consumer, window, clock).trace(delivery, at);
      out.print(json ? TraceOutput.json(trace) + "\n" : TraceOutput.text(trace));
    }
    return 0;
  }

  private int tail(Arguments arguments) {
    if (arguments.words().size() != 2) {
      throw new UsageException("events tail takes no words, only options");
    }
    List<String> topics = arguments.options("topic");
    topics.forEach(Cli::requireTopic);
    if (topics.isEmpty()) {
      topics = Topics.ALL.stream().map(Topic::name).toList();
    }
    TailFilter filter = new TailFilter(arguments.option("repo"), arguments.option("type"));
    String from = arguments.option("from");
    String max = arguments.option("max");
    String idle = arguments.option("until-idle");
    arguments.rejectUnknown();
    KafkaTail.Stop stop =
        new KafkaTail.Stop(
            max == null ? 0 : Long.parseLong(max), idle == null ? null : Durations.parse(idle));
    try (Consumer<byte[], byte[]> consumer = clients().newConsumer(null, FOLLOWER)) {
      new KafkaTail(consumer)
          .follow(
              topics,
              from == null ? null : Durations.parseTime(from, clock.instant()),
              filter,
              stop,
              this::line);
    }
    return 0;
  }

  private void line(TracedEvent event) {
    out.println(
        event.time().truncatedTo(ChronoUnit.MILLIS)
            + "  "
            + event.position()
            + "  "
            + event.name()
            + "  "
            + event.repository()
            + "  delivery="
            + event.correlationId()
            + "  "
            + EventDescriptions.describe(event.data())
            + (event.replayOf() == null ? "" : "  [" + TraceOutput.replay(event) + "]"));
    out.flush();
  }

  private int replay(Arguments arguments) {
    if (arguments.words().size() != 1) {
      throw new UsageException("replay takes no words, only options");
    }
    String topic = requireTopic(arguments.required("topic"));
    String rerun = arguments.flag("rerun") ? UUID.randomUUID().toString() : null;
    if (rerun != null && !topic.equals(Topics.WEBHOOK.name())) {
      throw new UsageException(
          "--rerun needs --topic "
              + Topics.WEBHOOK.name()
              + ": runs are planned from webhooks, so only a webhook can ask for its runs again"
              + " (a dead-lettered webhook was never planned: replay it without --rerun)");
    }
    Instant now = clock.instant();
    Instant from = Durations.parseTime(arguments.required("from"), now);
    String to = arguments.option("to");
    ReplaySelection selection =
        new ReplaySelection(
            from,
            to == null ? now : Durations.parseTime(to, now),
            arguments.option("repo"),
            arguments.option("delivery"));
    boolean dryRun = arguments.flag("dry-run");
    arguments.rejectUnknown();
    KafkaClientFactory clients = clients();
    try (Consumer<byte[], byte[]> consumer = clients.newConsumer(null, READER);
        Producer<byte[], byte[]> producer = clients.newProducer()) {
      KafkaReplay.Outcome outcome =
          new KafkaReplay(consumer, producer, clients.sendTimeout(), clock)
              .replay(topic, selection, dryRun, user, rerun, out::println);
      out.println(
          (dryRun ? "dry run: would replay " : "replayed ")
              + (dryRun ? outcome.selected() - outcome.skipped() : outcome.published())
              + " of "
              + outcome.selected()
              + " selected record(s) of "
              + topic
              + (outcome.skipped() > 0 ? ", skipped " + outcome.skipped() : "")
              + (rerun == null ? "" : ", as rerun " + rerun)
              + ", by "
              + user);
    }
    return 0;
  }

  private int release(Arguments arguments) {
    ReleaseInvocation invocation =
        ReleaseInvocation.parse(
            arguments,
            new ReleaseInvocation.Defaults(config.releasesUrl(), config.operationsToken(), user));
    return new ReleaseCommands(clock, duration -> Thread.sleep(duration.toMillis()), out, err)
        .run(invocation);
  }

  private KafkaClientFactory clients() {
    return config.clients();
  }

  private static String requireTopic(String name) {
    if (Topics.byName(name).isEmpty()) {
      throw new UsageException(
          "not a Slipway topic: "
              + name
              + " (one of "
              + String.join(", ", Topics.ALL.stream().map(Topic::name).toList())
              + ")");
    }
    return name;
  }
}
