package dev.slipway.platform.organisations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the organisations file (YAML, e.g. a ConfigMap): one entry per organisation, with its
 * secrets and keys kept in files beside it (e.g. a mounted Secret), named relative to the file.
 * Every mistake is reported with where it is, so a platform team can fix it from the message.
 */
public final class OrganisationsFile {

  /** Defaults of an organisation that does not say. */
  public static final Organisation.WriteBudget DEFAULT_WRITE_BUDGET =
      new Organisation.WriteBudget(80, 500);

  public static final Organisation.Limits DEFAULT_LIMITS =
      new Organisation.Limits(8, Duration.ofHours(1));

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> ORGANISATION_KEYS =
      Set.of(
          "name",
          "webhook-secret-files",
          "github",
          "repositories",
          "datacenters",
          "registry-namespace",
          "write-budget",
          "limits",
          "secret-rules");
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}");
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final Path file;
  private final boolean withSecrets;
  private final List<Path> read = new ArrayList<>();

  private OrganisationsFile(Path file, boolean withSecrets) {
    this.file = file;
    this.withSecrets = withSecrets;
  }

  /** The organisations {@code file} configures, and the files it made Slipway read. */
  public record Loaded(Organisations organisations, List<Path> files) {}

  /** An organisations file that cannot be used, and why. */
  public static final class InvalidOrganisationsException extends Exception {
    public InvalidOrganisationsException(String message) {
      super(message);
    }
  }

  /** The organisations with their secret material: webhook secrets and GitHub credentials. */
  public static Loaded load(Path file) throws InvalidOrganisationsException {
    return load(file, true);
  }

  /**
   * The organisations, with their secret material only when {@code withSecrets}: services that hold
   * no secret (the compiler, the runner) read the file without the secret files, which they need
   * not be able to read; they see no webhook secret and no GitHub credential.
   */
  public static Loaded load(Path file, boolean withSecrets) throws InvalidOrganisationsException {
    OrganisationsFile reader = new OrganisationsFile(file, withSecrets);
    Organisations organisations = reader.read();
    return new Loaded(organisations, List.copyOf(reader.read));
  }

  private Organisations read() throws InvalidOrganisationsException {
    JsonNode root;
    try {
      root = YAML.readTree(readFile(file, "the organisations file"));
    } catch (IOException e) {
      throw invalid("is not YAML: " + firstLine(e));
    }
    JsonNode list = root == null ? null : root.get("organisations");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw invalid("must list at least one organisation under `organisations:`");
    }
    List<Organisation> organisations = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      Organisation organisation = organisation(list.get(i), "organisations[" + i + "]");
      if (!names.add(organisation.name().toLowerCase(Locale.ROOT))) {
        throw invalid("names organisation " + organisation.name() + " twice");
      }
      organisations.add(organisation);
    }
    return new Organisations(organisations);
  }

  private Organisation organisation(JsonNode node, String at) throws InvalidOrganisationsException {
    if (!node.isObject()) {
      throw invalid(at + " must be a mapping");
    }
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!ORGANISATION_KEYS.contains(key)) {
        throw invalid(at + " has an unknown key `" + key + "`");
      }
    }
    String name = text(node, "name", at);
    if (name == null) {
      throw invalid(at + " needs a `name`: the GitHub organisation or user login");
    }
    if (!name.equals(Organisation.ANY_OWNER) && !OWNER.matcher(name).matches()) {
      throw invalid(at + ".name `" + name + "` is not a GitHub login");
    }
    at = "organisation " + name;
    List<String> secretFiles = texts(node, "webhook-secret-files", at);
    if (secretFiles.isEmpty()) {
      throw invalid(at + " needs `webhook-secret-files`: deliveries are verified with them");
    }
    List<String> secrets = new ArrayList<>();
    for (String secretFile : withSecrets ? secretFiles : List.<String>of()) {
      secrets.add(readFile(resolve(secretFile), at + " webhook secret file").strip());
    }
    if (secrets.stream().anyMatch(String::isEmpty)) {
      throw invalid(at + " has an empty webhook secret file");
    }
    List<String> repositories = texts(node, "repositories", at);
    String namespace = text(node, "registry-namespace", at);
    return new Organisation(
        name,
        secrets,
        credentials(node.get("github"), at),
        repositories.isEmpty() ? List.of("*") : repositories,
        texts(node, "datacenters", at),
        namespace == null ? name.toLowerCase(Locale.ROOT) : namespace,
        writeBudget(node.get("write-budget"), at),
        limits(node.get("limits"), at),
        secretRules(node.get("secret-rules"), at));
  }

  private GitHubCredentials credentials(JsonNode github, String at)
      throws InvalidOrganisationsException {
    if (github == null || github.isNull() || !withSecrets) {
      return new GitHubCredentials.None();
    }
    String tokenFile = text(github, "token-file", at + ".github");
    JsonNode app = github.get("app");
    if (tokenFile != null && app != null) {
      throw invalid(at + ".github has both `token-file` and `app`: keep one");
    }
    if (tokenFile != null) {
      String token = readFile(resolve(tokenFile), at + " GitHub token file").strip();
      if (token.isEmpty()) {
        throw invalid(at + " GitHub token file " + tokenFile + " is empty");
      }
      return new GitHubCredentials.Token(token);
    }
    if (app == null) {
      throw invalid(at + ".github needs `token-file` or `app`");
    }
    String keyFile = text(app, "private-key-file", at + ".github.app");
    if (keyFile == null) {
      throw invalid(at + ".github.app needs `private-key-file`");
    }
    Path key = resolve(keyFile);
    readFile(key, at + " GitHub App private key");
    return new GitHubCredentials.App(
        number(app, "id", at + ".github.app"),
        number(app, "installation-id", at + ".github.app"),
        key);
  }

  private Organisation.WriteBudget writeBudget(JsonNode budget, String at)
      throws InvalidOrganisationsException {
    if (budget == null) {
      return DEFAULT_WRITE_BUDGET;
    }
    return new Organisation.WriteBudget(
        positive(budget, "per-minute", DEFAULT_WRITE_BUDGET.perMinute(), at + ".write-budget"),
        positive(budget, "per-hour", DEFAULT_WRITE_BUDGET.perHour(), at + ".write-budget"));
  }

  private Organisation.Limits limits(JsonNode limits, String at)
      throws InvalidOrganisationsException {
    if (limits == null) {
      return DEFAULT_LIMITS;
    }
    String timeout = text(limits, "max-task-timeout", at + ".limits");
    return new Organisation.Limits(
        positive(limits, "concurrent-runs", DEFAULT_LIMITS.concurrentRuns(), at + ".limits"),
        timeout == null
            ? DEFAULT_LIMITS.maxTaskTimeout()
            : duration(timeout, at + ".limits.max-task-timeout"));
  }

  private Map<String, Organisation.SecretRule> secretRules(JsonNode rules, String at)
      throws InvalidOrganisationsException {
    Map<String, Organisation.SecretRule> byName = new LinkedHashMap<>();
    if (rules == null) {
      return byName;
    }
    if (!rules.isObject()) {
      throw invalid(at + ".secret-rules must map secret names to a rule");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = rules.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> rule = it.next();
      String value = rule.getValue().asText();
      Organisation.SecretRule parsed = null;
      for (Organisation.SecretRule candidate : Organisation.SecretRule.values()) {
        if (candidate.configName().equals(value)) {
          parsed = candidate;
        }
      }
      if (parsed == null) {
        throw invalid(
            at
                + ".secret-rules."
                + rule.getKey()
                + " is `"
                + value
                + "`; use trusted-runs or default-branch");
      }
      byName.put(rule.getKey(), parsed);
    }
    return byName;
  }

  /** A duration as Quarkus writes them ({@code 30m}, {@code 2h}) or in ISO-8601 ({@code PT30M}). */
  static Duration parseDuration(String text) {
    Matcher matcher = SHORT_DURATION.matcher(text.strip());
    if (!matcher.matches()) {
      return Duration.parse(text.strip());
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  private Duration duration(String text, String at) throws InvalidOrganisationsException {
    try {
      Duration duration = parseDuration(text);
      if (duration.isNegative() || duration.isZero()) {
        throw invalid(at + " must be positive");
      }
      return duration;
    } catch (DateTimeParseException e) {
      throw invalid(at + " `" + text + "` is not a duration (e.g. 30m, 2h)");
    }
  }

  private Path resolve(String path) {
    return file.toAbsolutePath().getParent().resolve(path).normalize();
  }

  private String readFile(Path path, String what) throws InvalidOrganisationsException {
    try {
      read.add(path);
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidOrganisationsException(
          what + " " + path + " cannot be read: " + firstLine(e));
    }
  }

  private InvalidOrganisationsException invalid(String problem) {
    return new InvalidOrganisationsException(file + ": " + problem);
  }

  private static String text(JsonNode node, String key, String at)
      throws InvalidOrganisationsException {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      throw new InvalidOrganisationsException(at + "." + key + " must be text");
    }
    return value.asText();
  }

  private static List<String> texts(JsonNode node, String key, String at)
      throws InvalidOrganisationsException {
    JsonNode value = node.get(key);
    List<String> texts = new ArrayList<>();
    if (value == null || value.isNull()) {
      return texts;
    }
    if (!value.isArray()) {
      throw new InvalidOrganisationsException(at + "." + key + " must be a list");
    }
    for (JsonNode item : value) {
      texts.add(item.asText());
    }
    return texts;
  }

  private static long number(JsonNode node, String key, String at)
      throws InvalidOrganisationsException {
    JsonNode value = node.get(key);
    if (value == null || !value.canConvertToLong()) {
      throw new InvalidOrganisationsException(at + " needs a numeric `" + key + "`");
    }
    return value.asLong();
  }

  private static int positive(JsonNode node, String key, int fallback, String at)
      throws InvalidOrganisationsException {
    JsonNode value = node.get(key);
    if (value == null) {
      return fallback;
    }
    if (!value.canConvertToInt() || value.asInt() <= 0) {
      throw new InvalidOrganisationsException(at + "." + key + " must be a positive number");
    }
    return value.asInt();
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.strip().split("\n", 2)[0];
  }
}
