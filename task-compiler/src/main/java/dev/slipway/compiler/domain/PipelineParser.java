package dev.slipway.compiler.domain;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.ReleaseRequested.QueueMode;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * Java objects from tags. Limits keep hostile files cheap: a million characters, 20 levels of
 * nesting, 20 aliases of collections (a "billion laughs" file needs many more).
 */
public final class PipelineParser {

  public static final int MAX_CODE_POINTS = 1_000_000;
  static final int MAX_COLLECTION_ALIASES = 20;
  static final int MAX_NESTING_DEPTH = 20;

  private static final List<String> PIPELINE_KEYS = List.of("image", "env", "tasks", "release", "deploy");
  private static final List<String> TASK_KEYS = List.of("image", "pre", "cmds", "post", "timeout", "env");
  private static final List<String> RELEASE_KEYS = List.of("dockerfile", "context", "datacenters", "mode", "prereleases");
  private static final List<String> DEPLOY_KEYS = List.of("service", "replicas", "port", "health");
  private static final List<String> SECRET_KEYS = List.of("secret");
  private static final String RESERVED_ENV_PREFIX = "SLIPWAY_";
  private static final int MAX_REPLICAS = 100;

  private final List<String> knownDatacenters;

  /** A parser that accepts any datacenter name. */
  public PipelineParser() {
    this(List.of());
  }

  /** @param knownDatacenters the datacenters the platform deploys to; empty: any name is accepted */
  public PipelineParser(List<String> knownDatacenters) {
    this.knownDatacenters = List.copyOf(knownDatacenters);
  }

  public Pipeline parse(String text) throws PipelineException {
    Node root = compose(text);
    if (root == null) {
      throw new PipelineException("the file is empty: it needs at least `tasks` or `release`", 1);
    }
    Map<String, Node> fields = fields(root, "the file", PIPELINE_KEYS);
    String image = fields.containsKey("image") ? image(fields.get("image"), "image") : null;
    Map<String, Pipeline.EnvValue> env = env(fields.get("env"), "env");
    List<Pipeline.Task> tasks = tasks(fields.get("tasks"), image);
    Pipeline.Release release = fields.containsKey("release") ? release(fields.get("release")) : null;
    DeployDefinition deploy = fields.containsKey("deploy") ? deploy(fields.get("deploy")) : null;
    if (tasks.isEmpty() && release == null) {
      throw new PipelineException("the file has neither `tasks` nor `release`: nothing to do", line(root));
    }
    if (release != null && deploy == null) {
      throw new PipelineException("`release` needs a `deploy` section: how to run the released service", line(fields.get("release")));
    }
    return new Pipeline(image, env, tasks, release, deploy);
  }

  private Node compose(String text) throws PipelineException {
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints > MAX_CODE_POINTS) {
      int cut = text.offsetByCodePoints(0, MAX_CODE_POINTS);
      throw new PipelineException(
          "the file has " + codePoints + " characters; at most " + MAX_CODE_POINTS + " are read",
          lineAtOffset(text, cut));
    }
    try {
      return yaml().compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new PipelineException(
          "invalid YAML at column " + (mark.getColumn() + 1) + ": " + firstLine(problem), mark.getLine() + 1);
    } catch (YAMLException e) {
      throw new PipelineException("invalid YAML: " + firstLine(e.getMessage()), lineOfLimit(text));
    }
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setCodePointLimit(MAX_CODE_POINTS * 4);
    options.setNestingDepthLimit(MAX_NESTING_DEPTH);
    DumperOptions dumper = new DumperOptions();
    return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
  }

  /**
   * SnakeYAML reports exceeded alias and depth limits without a position; replaying the event
   * stream (which neither expands aliases nor builds nodes) finds the line where the limit broke.
   */
  private static Integer lineOfLimit(String text) {
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

  private List<Pipeline.Task> tasks(Node node, String defaultImage) throws PipelineException {
    List<Pipeline.Task> tasks = new ArrayList<>();
    if (node == null || isNull(node)) {
      return tasks;
    }
    for (NodeTuple entry : entries(node, "tasks")) {
      String name = keyOf(entry, "tasks");
      int line = line(entry.getKeyNode());
      if (!Syntax.isDnsLabel(name)) {
        throw new PipelineException(
            "task name '" + printable(name) + "' must be a DNS label: lower-case letters, digits and '-', at most 63, "
                + "starting and ending with a letter or digit",
            line);
      }
      tasks.add(task(name, line, entry.getValueNode(), defaultImage));
    }
    return tasks;
  }

  private Pipeline.Task task(String name, int line, Node node, String defaultImage) throws PipelineException {
    String path = "tasks." + name;
    if (isNull(node)) {
      throw new PipelineException(path + " is empty: it needs `cmds`", line);
    }
    Map<String, Node> fields = fields(node, path, TASK_KEYS);
    if (!fields.containsKey("cmds")) {
      throw new PipelineException(path + " has no `cmds`: every task needs at least one command", line);
    }
    String image = fields.containsKey("image") ? image(fields.get("image"), path + ".image") : null;
    if (image == null && defaultImage == null) {
      throw new PipelineException(path + " has no image: set `image` at the top of the file or in the task", line);
    }
    List<String> cmds = commands(fields.get("cmds"), path + ".cmds");
    if (cmds.isEmpty()) {
      throw new PipelineException(path + ".cmds is empty: every task needs at least one command", line(fields.get("cmds")));
    }
    Duration timeout = fields.containsKey("timeout") ? timeout(fields.get("timeout"), path + ".timeout") : null;
    return new Pipeline.Task(
        name,
        line,
        image,
        commands(fields.get("pre"), path + ".pre"),
        cmds,
        commands(fields.get("post"), path + ".post"),
        timeout,
        env(fields.get("env"), path + ".env"));
  }

  private Pipeline.Release release(Node node) throws PipelineException {
    Map<String, Node> fields = fields(node, "release", RELEASE_KEYS);
    String dockerfile = fields.containsKey("dockerfile") ? path(fields.get("dockerfile"), "release.dockerfile") : "Dockerfile";
    String context = fields.containsKey("context") ? path(fields.get("context"), "release.context") : ".";
    if (!fields.containsKey("datacenters")) {
      throw new PipelineException("release has no `datacenters`: list where to deploy, in order", line(node));
    }
    List<String> datacenters = new ArrayList<>();
    for (Node item : items(fields.get("datacenters"), "release.datacenters")) {
      String datacenter = text(item, "release.datacenters");
      if (!Syntax.isDnsLabel(datacenter)) {
        throw new PipelineException("datacenter '" + printable(datacenter) + "' must be a DNS label", line(item));
      }
      if (!knownDatacenters.isEmpty() && !knownDatacenters.contains(datacenter)) {
        String hint = Suggestions.closest(datacenter, knownDatacenters).map(known -> " (did you mean `" + known + "`?)").orElse("");
        throw new PipelineException(
            "datacenter '" + datacenter + "' is not one this platform deploys to" + hint + "; known datacenters: "
                + String.join(", ", knownDatacenters),
            line(item));
      }
      if (datacenters.contains(datacenter)) {
        throw new PipelineException("datacenter '" + datacenter + "' is listed twice", line(item));
      }
      datacenters.add(datacenter);
    }
    if (datacenters.isEmpty()) {
      throw new PipelineException("release.datacenters is empty: list where to deploy, in order", line(fields.get("datacenters")));
    }
    QueueMode mode = fields.containsKey("mode") ? mode(fields.get("mode")) : QueueMode.SUPERSEDE;
    boolean prereleases = fields.containsKey("prereleases") && bool(fields.get("prereleases"), "release.prereleases");
    return new Pipeline.Release(new BuildDefinition(dockerfile, context), datacenters, mode, prereleases);
  }

  private QueueMode mode(Node node) throws PipelineException {
    String mode = text(node, "release.mode");
    if (mode.equals("supersede") || mode.equals("queue")) {
      return QueueMode.valueOf(mode.toUpperCase(Locale.ROOT));
    }
    throw new PipelineException("release.mode '" + printable(mode) + "' must be `supersede` or `queue`", line(node));
  }

  private DeployDefinition deploy(Node node) throws PipelineException {
    Map<String, Node> fields = fields(node, "deploy", DEPLOY_KEYS);
    if (!fields.containsKey("service")) {
      throw new PipelineException("deploy has no `service`: the name of the released service", line(node));
    }
    String service = text(fields.get("service"), "deploy.service");
    if (!Syntax.isDnsLabel(service)) {
      throw new PipelineException("deploy.service '" + printable(service) + "' must be a DNS label", line(fields.get("service")));
    }
    int replicas = fields.containsKey("replicas") ? integer(fields.get("replicas"), "deploy.replicas", 1, MAX_REPLICAS) : 1;
    if (!fields.containsKey("port")) {
      throw new PipelineException("deploy has no `port`: the port the service listens on", line(node));
    }
    int port = integer(fields.get("port"), "deploy.port", 1, 65535);
    String health = fields.containsKey("health") ? text(fields.get("health"), "deploy.health") : "/healthz";
    if (!Syntax.isHealthPath(health)) {
      throw new PipelineException("deploy.health '" + printable(health) + "' must be an HTTP path such as /healthz", line(fields.get("health")));
    }
    return new DeployDefinition(service, replicas, port, health);
  }

  private Map<String, Pipeline.EnvValue> env(Node node, String path) throws PipelineException {
    Map<String, Pipeline.EnvValue> env = new LinkedHashMap<>();
    if (node == null || isNull(node)) {
      return env;
    }
    for (NodeTuple entry : entries(node, path)) {
      String name = keyOf(entry, path);
      int line = line(entry.getKeyNode());
      if (!Syntax.isEnvName(name)) {
        throw new PipelineException(
            path + ": '" + printable(name) + "' is not a variable name (letters, digits and '_', not starting with a digit)", line);
      }
      if (name.startsWith(RESERVED_ENV_PREFIX)) {
        throw new PipelineException(path + "." + name + ": names starting with SLIPWAY_ are set by Slipway", line);
      }
      env.put(name, envValue(entry.getValueNode(), path + "." + name));
    }
    return env;
  }

  private Pipeline.EnvValue envValue(Node node, String path) throws PipelineException {
    if (node instanceof MappingNode) {
      Map<String, Node> fields = fields(node, path, SECRET_KEYS);
      if (!fields.containsKey("secret")) {
        throw new PipelineException(path + " must be text or `{secret: <name>}`", line(node));
      }
      String secret = text(fields.get("secret"), path + ".secret");
      if (!Syntax.isSecretName(secret)) {
        throw new PipelineException(path + ".secret '" + printable(secret) + "' is not a secret name", line(fields.get("secret")));
      }
      return Pipeline.EnvValue.secret(secret);
    }
    if (isNull(node)) {
      return Pipeline.EnvValue.plain("");
    }
    return Pipeline.EnvValue.plain(text(node, path));
  }

  private List<String> commands(Node node, String path) throws PipelineException {
    List<String> commands = new ArrayList<>();
    if (node == null || isNull(node)) {
      return commands;
    }
    List<Node> items = items(node, path);
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String where = path + "[" + i + "]";
      if (item instanceof MappingNode) {
        throw new PipelineException(where + " reads as a mapping, not a command: quote a command that contains ': '", line(item));
      }
      if (isNull(item)) {
        throw new PipelineException(where + " is empty", line(item));
      }
      String command = text(item, where);
      if (command.isBlank()) {
        throw new PipelineException(where + " is empty", line(item));
      }
      commands.add(command);
    }
    return commands;
  }

  private Duration timeout(Node node, String path) throws PipelineException {
    String text = text(node, path);
    Duration timeout =
        Syntax.duration(text)
            .orElseThrow(
                () -> new PipelineException(
                    path + " '" + printable(text) + "' is not a duration: write a whole number with s, m or h, e.g. 90s, 20m, 1h",
                    line(node)));
    if (timeout.compareTo(Syntax.MAX_TIMEOUT) > 0) {
      throw new PipelineException(path + " '" + text + "' is longer than the limit of 24h", line(node));
    }
    return timeout;
  }

  private String image(Node node, String path) throws PipelineException {
    String image = text(node, path);
    if (!Syntax.isImageReference(image)) {
      throw new PipelineException(
          path + " '" + printable(image) + "' is not an image reference such as alpine:3.20 or registry.example.com/team/ci@sha256:…",
          line(node));
    }
    return image;
  }

  private String path(Node node, String path) throws PipelineException {
    String value = text(node, path);
    if (!Syntax.isRepositoryPath(value)) {
      throw new PipelineException(path + " '" + printable(value) + "' must be a relative path inside the repository", line(node));
    }
    return value;
  }

  /** Only {@code true} and {@code false}: YAML 1.1's yes/no/on/off are too easy to write by accident. */
  private boolean bool(Node node, String path) throws PipelineException {
    String text = text(node, path);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new PipelineException(path + " '" + printable(text) + "' must be `true` or `false`", line(node));
  }

  private int integer(Node node, String path, int min, int max) throws PipelineException {
    String text = text(node, path);
    if (text.matches("[0-9]{1,9}")) {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    }
    throw new PipelineException(path + " '" + printable(text) + "' must be a whole number from " + min + " to " + max, line(node));
  }

  /** The keys of a mapping, each checked against {@code allowed}; "did you mean" for near misses. */
  private Map<String, Node> fields(Node node, String path, List<String> allowed) throws PipelineException {
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple entry : entries(node, path)) {
      String key = keyOf(entry, path);
      if (!allowed.contains(key)) {
        String hint = Suggestions.closest(key, allowed).map(known -> " (did you mean `" + known + "`?)").orElse("");
        throw new PipelineException(
            "unknown key `" + printable(key) + "` in " + path + hint + "; known keys: " + String.join(", ", allowed),
            line(entry.getKeyNode()));
      }
      fields.put(key, entry.getValueNode());
    }
    return fields;
  }

  private List<NodeTuple> entries(Node node, String path) throws PipelineException {
    if (!(node instanceof MappingNode mapping)) {
      throw new PipelineException(path + " must be a mapping of `key: value`, not " + kind(node), line(node));
    }
    Set<String> seen = new HashSet<>();
    for (NodeTuple entry : mapping.getValue()) {
      String key = keyOf(entry, path);
      if (!seen.add(key)) {
        throw new PipelineException("`" + printable(key) + "` appears twice in " + path, line(entry.getKeyNode()));
      }
    }
    return mapping.getValue();
  }

  private static String keyOf(NodeTuple entry, String path) throws PipelineException {
    Node key = entry.getKeyNode();
    if (!(key instanceof ScalarNode scalar) || key.getTag().equals(Tag.MERGE)) {
      throw new PipelineException("a key in " + path + " must be plain text (merge keys `<<` are not supported)", line(key));
    }
    return scalar.getValue();
  }

  private List<Node> items(Node node, String path) throws PipelineException {
    if (!(node instanceof SequenceNode sequence)) {
      throw new PipelineException(path + " must be a list (`- item` lines or [a, b]), not " + kind(node), line(node));
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

  /** Quotes user text into a message without letting it forge lines or grow without bound. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(80)
        .forEach(c -> out.append(Character.isISOControl(c) ? "?" : new String(Character.toChars(c))));
    return text.codePointCount(0, text.length()) > 80 ? out + "…" : out.toString();
  }
}
