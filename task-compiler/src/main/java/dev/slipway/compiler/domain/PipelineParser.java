package dev.slipway.compiler.domain;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.TaskResources;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads {@code .slipway.yml} into a {@link Pipeline}, or says what is wrong and on which line.
 *
 * <p>It works on SnakeYAML's node graph, which keeps every value's position, and never constructs
 * Java objects from tags. Limits keep hostile files cheap: 20 levels of nesting, 20 aliases of
 * collections (a "billion laughs" file needs many more), and the {@link PipelineLimits}. An alias
 * of a scalar is one shared node however often it is used, so SnakeYAML does not limit those; the
 * parser counts each use towards the task's commands, entrypoint and environment instead, and stops
 * at the first use past a limit, before anything that large is built.
 */
public final class PipelineParser {

  static final int MAX_COLLECTION_ALIASES = 20;
  static final int MAX_NESTING_DEPTH = 20;

  private static final List<String> PIPELINE_KEYS =
      List.of("image", "env", "resources", "tasks", "release", "deploy");
  private static final List<String> TASK_KEYS =
      List.of("image", "pre", "cmds", "post", "timeout", "env", "resources");
  private static final List<String> RELEASE_KEYS =
      List.of("dockerfile", "context", "datacenters", "mode", "prereleases");
  private static final List<String> DEPLOY_KEYS = List.of("service", "replicas", "port", "health");
  private static final List<String> SECRET_KEYS = List.of("secret");
  private static final List<String> RESOURCE_KEYS = List.of("memory", "cpus");

  /** Below this a task cannot start a shell and its tools; podman itself refuses less than 6 MB. */
  private static final long MIN_MEMORY_BYTES = 16L << 20;

  private static final long MIN_MILLI_CPUS = 10;
  private static final String RESERVED_ENV_PREFIX = "SLIPWAY_";
  private static final int MAX_REPLICAS = 100;

  private final List<String> knownDatacenters;
  private final PipelineLimits limits;

  /** A parser that accepts any datacenter name, with the default limits. */
  public PipelineParser() {
    this(List.of(), PipelineLimits.DEFAULTS);
  }

  /**
   * @param knownDatacenters the datacenters the platform deploys to; empty: any name is accepted
   * @param limits how much one file may ask for
   */
  public PipelineParser(List<String> knownDatacenters, PipelineLimits limits) {
    this.knownDatacenters = List.copyOf(knownDatacenters);
    this.limits = limits;
  }

  public Pipeline parse(String text) throws PipelineException {
    Node root = compose(text);
    if (root == null) {
      throw new PipelineException("the file is empty: it needs at least `tasks` or `release`", 1);
    }
    Map<String, Node> fields = fields(root, "the file", PIPELINE_KEYS);
    String image = fields.containsKey("image") ? image(fields.get("image"), "image") : null;
    Map<String, Pipeline.EnvValue> env = env(fields.get("env"), "env", environmentBudget());
    TaskResources resources = resources(fields.get("resources"), "resources");
    List<Pipeline.Task> tasks = tasks(fields.get("tasks"), image, env);
    Pipeline.Release release =
        fields.containsKey("release") ? release(fields.get("release")) : null;
    DeployDefinition deploy = fields.containsKey("deploy") ? deploy(fields.get("deploy")) : null;
    if (tasks.isEmpty() && release == null) {
      throw new PipelineException(
          "the file has neither `tasks` nor `release`: nothing to do", line(root));
    }
    if (release != null && deploy == null) {
      throw new PipelineException(
          "`release` needs a `deploy` section: how to run the released service",
          line(fields.get("release")));
    }
    return new Pipeline(image, env, resources, tasks, release, deploy);
  }

  private Node compose(String text) throws PipelineException {
    int maxCodePoints = limits.maxFileCharacters();
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints > maxCodePoints) {
      int cut = text.offsetByCodePoints(0, maxCodePoints);
      throw new PipelineException(
          "the file has " + codePoints + " characters; at most " + maxCodePoints + " are read",
          lineAtOffset(text, cut));
    }
    try {
      return yaml().compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new PipelineException(
          "invalid YAML at column " + (mark.getColumn() + 1) + ": " + firstLine(problem),
          mark.getLine() + 1);
    } catch (YAMLException e) {
      throw new PipelineException("invalid YAML: " + firstLine(e.getMessage()), lineOfLimit(text));
    }
  }

  private Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setCodePointLimit((int) Math.min(4L * limits.maxFileCharacters(), Integer.MAX_VALUE));
    options.setNestingDepthLimit(MAX_NESTING_DEPTH);
    DumperOptions dumper = new DumperOptions();
    return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
  }

  /**
   * SnakeYAML reports exceeded alias and depth limits without a position; replaying the event
   * stream (which neither expands aliases nor builds nodes) finds the line where the limit broke.
   */
  private Integer lineOfLimit(String text) {
    Set<String> collectionAnchors = new HashSet<>();
    int aliases = 0;
    int depth = 0;
    int lastLine = 1;
    try {
      for (Event event : yaml().parse(new StringReader(text))) {
        lastLine = event.getStartMark().getLine() + 1;
        if (event instanceof CollectionStartEvent start) {
          depth++;
          if (depth > MAX_NESTING_DEPTH) {
            return lastLine;
          }
          if (start.getAnchor() != null) {
            collectionAnchors.add(start.getAnchor());
          }
        } else if (event instanceof CollectionEndEvent) {
          depth--;
        } else if (event instanceof AliasEvent alias
            && collectionAnchors.contains(alias.getAnchor())
            && ++aliases > MAX_COLLECTION_ALIASES) {
          return lastLine;
        }
      }
    } catch (YAMLException e) {
      return lastLine;
    }
    return null;
  }

  private List<Pipeline.Task> tasks(
      Node node, String defaultImage, Map<String, Pipeline.EnvValue> pipelineEnv)
      throws PipelineException {
    List<Pipeline.Task> tasks = new ArrayList<>();
    if (node == null || isNull(node)) {
      return tasks;
    }
    for (NodeTuple entry : entries(node, "tasks")) {
      String name = keyOf(entry, "tasks");
      int line = line(entry.getKeyNode());
      if (tasks.size() == limits.maxTasks()) {
        throw new PipelineException(
            "tasks."
                + printable(name)
                + " is one task too many: a file may have at most "
                + limits.maxTasks()
                + " tasks",
            line);
      }
      if (!Syntax.isDnsLabel(name)) {
        throw new PipelineException(
            "task name '"
                + printable(name)
                + "' must be a DNS label: lower-case letters, digits and '-', at most 63, "
                + "starting and ending with a letter or digit",
            line);
      }
      tasks.add(task(name, line, entry.getValueNode(), defaultImage, pipelineEnv));
    }
    return tasks;
  }

  private Pipeline.Task task(
      String name,
      int line,
      Node node,
      String defaultImage,
      Map<String, Pipeline.EnvValue> pipelineEnv)
      throws PipelineException {
    String path = "tasks." + name;
    if (isNull(node)) {
      throw new PipelineException(path + " is empty: it needs `cmds`", line);
    }
    Map<String, Node> fields = fields(node, path, TASK_KEYS);
    if (!fields.containsKey("cmds")) {
      throw new PipelineException(
          path + " has no `cmds`: every task needs at least one command", line);
    }
    String image = fields.containsKey("image") ? image(fields.get("image"), path + ".image") : null;
    if (image == null && defaultImage == null) {
      throw new PipelineException(
          path + " has no image: set `image` at the top of the file or in the task", line);
    }
    Script script = new Script(name);
    List<String> pre = commands(fields.get("pre"), path + ".pre", script);
    List<String> cmds = commands(fields.get("cmds"), path + ".cmds", script);
    if (cmds.isEmpty()) {
      throw new PipelineException(
          path + ".cmds is empty: every task needs at least one command", line(fields.get("cmds")));
    }
    List<String> post = commands(fields.get("post"), path + ".post", script);
    Duration timeout =
        fields.containsKey("timeout") ? timeout(fields.get("timeout"), path + ".timeout") : null;
    Budget environment = environmentBudget();
    for (Map.Entry<String, Pipeline.EnvValue> variable : pipelineEnv.entrySet()) {
      environment.spend(
          envBytes(variable.getKey(), variable.getValue()), "env." + variable.getKey(), line);
    }
    return new Pipeline.Task(
        name,
        line,
        image,
        pre,
        cmds,
        post,
        timeout,
        env(fields.get("env"), path + ".env", environment),
        resources(fields.get("resources"), path + ".resources"));
  }

  private Pipeline.Release release(Node node) throws PipelineException {
    Map<String, Node> fields = fields(node, "release", RELEASE_KEYS);
    String dockerfile =
        fields.containsKey("dockerfile")
            ? path(fields.get("dockerfile"), "release.dockerfile")
            : "Dockerfile";
    String context =
        fields.containsKey("context") ? path(fields.get("context"), "release.context") : ".";
    if (!fields.containsKey("datacenters")) {
      throw new PipelineException(
          "release has no `datacenters`: list where to deploy, in order", line(node));
    }
    List<String> datacenters = new ArrayList<>();
    for (Node item : items(fields.get("datacenters"), "release.datacenters")) {
      String datacenter = text(item, "release.datacenters");
      if (!Syntax.isDnsLabel(datacenter)) {
        throw new PipelineException(
            "datacenter '" + printable(datacenter) + "' must be a DNS label", line(item));
      }
      if (!knownDatacenters.isEmpty() && !knownDatacenters.contains(datacenter)) {
        throw new PipelineException(
            "datacenter '"
                + datacenter
                + "' is not one this platform deploys to"
                + Suggestions.didYouMean(datacenter, knownDatacenters, "datacenters"),
            line(item));
      }
      if (datacenters.contains(datacenter)) {
        throw new PipelineException("datacenter '" + datacenter + "' is listed twice", line(item));
      }
      datacenters.add(datacenter);
    }
    if (datacenters.isEmpty()) {
      throw new PipelineException(
          "release.datacenters is empty: list where to deploy, in order",
          line(fields.get("datacenters")));
    }
    QueueMode mode = fields.containsKey("mode") ? mode(fields.get("mode")) : QueueMode.SUPERSEDE;
    boolean prereleases =
        fields.containsKey("prereleases") && bool(fields.get("prereleases"), "release.prereleases");
    return new Pipeline.Release(
        new BuildDefinition(dockerfile, context), datacenters, mode, prereleases);
  }

  private QueueMode mode(Node node) throws PipelineException {
    String mode = text(node, "release.mode");
    if (mode.equals("supersede") || mode.equals("queue")) {
      return QueueMode.valueOf(mode.toUpperCase(Locale.ROOT));
    }
    throw new PipelineException(
        "release.mode '" + printable(mode) + "' must be `supersede` or `queue`", line(node));
  }

  private DeployDefinition deploy(Node node) throws PipelineException {
    Map<String, Node> fields = fields(node, "deploy", DEPLOY_KEYS);
    if (!fields.containsKey("service")) {
      throw new PipelineException(
          "deploy has no `service`: the name of the released service", line(node));
    }
    String service = text(fields.get("service"), "deploy.service");
    if (!Syntax.isDnsLabel(service)) {
      throw new PipelineException(
          "deploy.service '" + printable(service) + "' must be a DNS label",
          line(fields.get("service")));
    }
    int replicas =
        fields.containsKey("replicas")
            ? integer(fields.get("replicas"), "deploy.replicas", 1, MAX_REPLICAS)
            : 1;
    if (!fields.containsKey("port")) {
      throw new PipelineException(
          "deploy has no `port`: the port the service listens on", line(node));
    }
    int port = integer(fields.get("port"), "deploy.port", 1, 65535);
    String health =
        fields.containsKey("health") ? text(fields.get("health"), "deploy.health") : "/healthz";
    if (!Syntax.isHealthPath(health)) {
      throw new PipelineException(
          "deploy.health '" + printable(health) + "' must be an HTTP path such as /healthz",
          line(fields.get("health")));
    }
    return new DeployDefinition(service, replicas, port, health);
  }

  private Map<String, Pipeline.EnvValue> env(Node node, String path, Budget budget)
      throws PipelineException {
    Map<String, Pipeline.EnvValue> env = new LinkedHashMap<>();
    if (node == null || isNull(node)) {
      return env;
    }
    for (NodeTuple entry : entries(node, path)) {
      String name = keyOf(entry, path);
      int line = line(entry.getKeyNode());
      if (!Syntax.isEnvName(name)) {
        throw new PipelineException(
            path
                + ": '"
                + printable(name)
                + "' is not a variable name (letters, digits and '_', not starting with a digit)",
            line);
      }
      if (name.startsWith(RESERVED_ENV_PREFIX)) {
        throw new PipelineException(
            path + "." + name + ": names starting with SLIPWAY_ are set by Slipway", line);
      }
      Pipeline.EnvValue value = envValue(entry.getValueNode(), path + "." + name);
      budget.spend(envBytes(name, value), path + "." + name, line);
      env.put(name, value);
    }
    return env;
  }

  /** The file's env and a task's are counted together: the task's container gets both. */
  private Budget environmentBudget() {
    return new Budget(
        limits.maxEnvBytes(),
        "environment",
        " (names and values of the file's `env` and the task's together; an alias counts at each use)",
        0);
  }

  private static long envBytes(String name, Pipeline.EnvValue value) {
    return utf8Length(name) + utf8Length(value.isSecret() ? value.secretName() : value.value());
  }

  private Pipeline.EnvValue envValue(Node node, String path) throws PipelineException {
    if (node instanceof MappingNode) {
      Map<String, Node> fields = fields(node, path, SECRET_KEYS);
      if (!fields.containsKey("secret")) {
        throw new PipelineException(path + " must be text or `{secret: <name>}`", line(node));
      }
      String secret = text(fields.get("secret"), path + ".secret");
      if (!Syntax.isSecretName(secret)) {
        throw new PipelineException(
            path + ".secret '" + printable(secret) + "' is not a secret name",
            line(fields.get("secret")));
      }
      return Pipeline.EnvValue.secret(secret);
    }
    if (isNull(node)) {
      return Pipeline.EnvValue.plain("");
    }
    return Pipeline.EnvValue.plain(text(node, path));
  }

  private List<String> commands(Node node, String path, Script script) throws PipelineException {
    List<String> commands = new ArrayList<>();
    if (node == null || isNull(node)) {
      return commands;
    }
    List<Node> items = items(node, path);
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String where = path + "[" + i + "]";
      if (item instanceof MappingNode) {
        throw new PipelineException(
            where + " reads as a mapping, not a command: quote a command that contains ': '",
            line(item));
      }
      if (isNull(item)) {
        throw new PipelineException(where + " is empty", line(item));
      }
      String command = text(item, where);
      if (command.isBlank()) {
        throw new PipelineException(where + " is empty", line(item));
      }
      script.add(command, where, line(item));
      commands.add(command);
    }
    return commands;
  }

  private TaskResources resources(Node node, String path) throws PipelineException {
    if (node == null || isNull(node)) {
      return TaskResources.PLATFORM_DEFAULTS;
    }
    Map<String, Node> fields = fields(node, path, RESOURCE_KEYS);
    long memory =
        amount(
            fields.get("memory"),
            path + ".memory",
            TaskResources::memoryBytes,
            MIN_MEMORY_BYTES,
            "is not a size of at least 16m: write a whole number with k, m or g (or Ki, Mi, Gi), e.g. 512m, 2g");
    long milliCpus =
        amount(
            fields.get("cpus"),
            path + ".cpus",
            TaskResources::milliCpus,
            MIN_MILLI_CPUS,
            "is not a number of CPUs of at least 0.01, e.g. 2 or 0.5");
    return new TaskResources(memory, milliCpus);
  }

  /**
   * @return 0 when the key is absent: the platform's default
   */
  private long amount(
      Node node, String path, Function<String, Optional<Long>> parse, long minimum, String problem)
      throws PipelineException {
    if (node == null) {
      return 0;
    }
    String text = text(node, path);
    return parse
        .apply(text)
        .filter(amount -> amount >= minimum)
        .orElseThrow(
            () ->
                new PipelineException(path + " '" + printable(text) + "' " + problem, line(node)));
  }

  private Duration timeout(Node node, String path) throws PipelineException {
    String text = text(node, path);
    Duration timeout =
        Syntax.duration(text)
            .orElseThrow(
                () ->
                    new PipelineException(
                        path
                            + " '"
                            + printable(text)
                            + "' is not a duration: write a whole number with s, m or h, e.g. 90s, 20m, 1h",
                        line(node)));
    if (timeout.compareTo(Syntax.MAX_TIMEOUT) > 0) {
      throw new PipelineException(
          path + " '" + text + "' is longer than the limit of 24h", line(node));
    }
    return timeout;
  }

  private String image(Node node, String path) throws PipelineException {
    String image = text(node, path);
    if (!Syntax.isImageReference(image)) {
      throw new PipelineException(
          path
              + " '"
              + printable(image)
              + "' is not an image reference such as alpine:3.20 or registry.example.com/team/ci@sha256:…",
          line(node));
    }
    return image;
  }

  private String path(Node node, String path) throws PipelineException {
    String value = text(node, path);
    if (!Syntax.isRepositoryPath(value)) {
      throw new PipelineException(
          path + " '" + printable(value) + "' must be a relative path inside the repository",
          line(node));
    }
    return value;
  }

  /**
   * Only {@code true} and {@code false}: YAML 1.1's yes/no/on/off are too easy to write by
   * accident.
   */
  private boolean bool(Node node, String path) throws PipelineException {
    String text = text(node, path);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new PipelineException(
        path + " '" + printable(text) + "' must be `true` or `false`", line(node));
  }

  private int integer(Node node, String path, int min, int max) throws PipelineException {
    String text = text(node, path);
    if (text.matches("[0-9]{1,9}")) {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    }
    throw new PipelineException(
        path + " '" + printable(text) + "' must be a whole number from " + min + " to " + max,
        line(node));
  }

  /**
   * The keys of a mapping, each checked against {@code allowed}; "did you mean" for near misses.
   */
  private Map<String, Node> fields(Node node, String path, List<String> allowed)
      throws PipelineException {
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple entry : entries(node, path)) {
      String key = keyOf(entry, path);
      if (!allowed.contains(key)) {
        throw new PipelineException(
            "unknown key `"
                + printable(key)
                + "` in "
                + path
                + Suggestions.didYouMean(key, allowed, "keys"),
            line(entry.getKeyNode()));
      }
      fields.put(key, entry.getValueNode());
    }
    return fields;
  }

  private List<NodeTuple> entries(Node node, String path) throws PipelineException {
    if (!(node instanceof MappingNode mapping)) {
      throw new PipelineException(
          path + " must be a mapping of `key: value`, not " + kind(node), line(node));
    }
    Set<String> seen = new HashSet<>();
    for (NodeTuple entry : mapping.getValue()) {
      String key = keyOf(entry, path);
      if (!seen.add(key)) {
        throw new PipelineException(
            "`" + printable(key) + "` appears twice in " + path, line(entry.getKeyNode()));
      }
    }
    return mapping.getValue();
  }

  private static String keyOf(NodeTuple entry, String path) throws PipelineException {
    Node key = entry.getKeyNode();
    if (!(key instanceof ScalarNode scalar) || key.getTag().equals(Tag.MERGE)) {
      throw new PipelineException(
          "a key in " + path + " must be plain text (merge keys `<<` are not supported)",
          line(key));
    }
    return scalar.getValue();
  }

  private List<Node> items(Node node, String path) throws PipelineException {
    if (!(node instanceof SequenceNode sequence)) {
      throw new PipelineException(
          path + " must be a list (`- item` lines or [a, b]), not " + kind(node), line(node));
    }
    return sequence.getValue();
  }

  private static String text(Node node, String path) throws PipelineException {
    if (!(node instanceof ScalarNode scalar) || isNull(node)) {
      throw new PipelineException(path + " must be text, not " + kind(node), line(node));
    }
    return scalar.getValue();
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  private static String kind(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return isNull(node) ? "empty" : "text";
  }

  private static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  private static int lineAtOffset(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static String firstLine(String message) {
    String text = message == null ? "unreadable" : message.strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * A limit on bytes that several values of one task share; the value that crosses it is named with
   * its line.
   */
  private static final class Budget {

    private final long limit;
    private final String what;
    private final String hint;
    private long used;

    Budget(long limit, String what, String hint, long used) {
      this.limit = limit;
      this.what = what;
      this.hint = hint;
      this.used = used;
    }

    void spend(long bytes, String where, int line) throws PipelineException {
      used += bytes;
      if (used > limit) {
        throw new PipelineException(
            where + " takes the task's " + what + " past its limit of " + limit + " bytes" + hint,
            line);
      }
    }
  }

  /** One task's commands, counted as they become its entrypoint script. */
  private final class Script {

    private final Budget bytes;
    private int commands;

    Script(String task) {
      this.bytes =
          new Budget(
              limits.maxEntrypointBytes(),
              "entrypoint script",
              " (each command is in it twice, echoed and run; an alias counts at each use)",
              utf8Length(TaskCompiler.entrypoint(task, List.of(), List.of(), List.of())));
    }

    void add(String command, String where, int line) throws PipelineException {
      if (++commands > limits.maxCommandsPerTask()) {
        throw new PipelineException(
            where
                + " is one command too many: a task may have at most "
                + limits.maxCommandsPerTask()
                + " commands in pre, cmds and post together",
            line);
      }
      bytes.spend(utf8Length(TaskCompiler.commandLines(command)), where, line);
    }
  }

  /** Quotes user text into a message without letting it forge lines or grow without bound. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(80)
        .forEach(
            c -> out.append(Character.isISOControl(c) ? "?" : new String(Character.toChars(c))));
    return text.codePointCount(0, text.length()) > 80 ? out + "…" : out.toString();
  }
}
