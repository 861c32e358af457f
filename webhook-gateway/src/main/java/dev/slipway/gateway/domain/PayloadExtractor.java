package dev.slipway.gateway.domain;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookReceived;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a verified delivery's JSON into the {@link WebhookReceived} downstream needs.
 *
 * <p>The payload is read as a stream of tokens and only the few fields in {@link #FIELDS} are kept:
 * a tree of the whole payload (tens of kilobytes for a pull request, up to 25 MB for a push) took
 * about a tenth of the gateway's CPU time and a seventh of what it allocated, to read a few fields.
 * Every token is still read, so a body that is not valid JSON is refused as before.
 */
public final class PayloadExtractor {

  /** The fields any handled event needs, as dotted paths from the payload's root. */
  private static final Set<String> FIELDS =
      Set.of(
          "action",
          "repository.full_name",
          "repository.owner.login",
          "repository.default_branch",
          "repository.clone_url",
          "organization.login",
          "sender.login",
          "installation.id",
          "pull_request.number",
          "pull_request.head.sha",
          "pull_request.head.ref",
          "pull_request.head.repo.full_name",
          "pull_request.base.ref",
          "pull_request.base.repo.full_name",
          "before",
          "after",
          "ref",
          "release.id",
          "release.tag_name",
          "release.target_commitish",
          "release.published_at",
          "release.prerelease",
          "release.draft",
          "comment.body",
          "comment.id",
          "issue.number",
          "issue.pull_request",
          "deployment.id",
          "deployment.ref",
          "deployment.sha",
          "deployment.environment",
          "deployment.creator.login",
          "deployment.payload");

  /**
   * The names to look for, level by level: the reader descends only into objects on the way to a
   * field.
   */
  private static final Level ROOT = Level.rootOf(FIELDS);

  private static final ObjectReader JSON = JsonMapper.builder().build().reader();

  /** The field of a deployment's payload that marks it as one Slipway created for a release. */
  private static final String SLIPWAY_RELEASE_ID = "release_id";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * A payload read once: its owner says whose secrets verify it before its other fields are used.
   */
  public static final class ReadPayload {
    private final byte[] json;
    private final Map<String, JsonNode> values;

    private ReadPayload(byte[] json, Map<String, JsonNode> values) {
      this.json = json;
      this.values = values;
    }

    /**
     * The account the delivery is about: the repository's owner, or for an organisation's own
     * events (such as its hook's ping) the organisation; null when the payload names neither.
     */
    public String owner() {
      Payload payload = new Payload(null, values);
      String owner = payload.optionalText("repository", "owner", "login");
      if (owner != null) {
        return owner;
      }
      String repository = payload.optionalText("repository", "full_name");
      if (repository != null) {
        int slash = repository.indexOf('/');
        return slash < 0 ? repository : repository.substring(0, slash);
      }
      return payload.optionalText("organization", "login");
    }
  }

  /**
   * Reads the fields of a payload, without deciding anything about it yet.
   *
   * @param json the payload as GitHub sent it
   * @throws InvalidDeliveryException when the body is not a JSON object
   */
  public ReadPayload read(byte[] json) throws InvalidDeliveryException {
    return new ReadPayload(json, readFields(json));
  }

  /**
   * @param event {@code X-GitHub-Event}
   * @param deliveryId {@code X-GitHub-Delivery}
   * @param json the payload as GitHub sent it
   * @throws InvalidDeliveryException when the body is not a JSON object or lacks a field the event
   *     needs
   */
  public Extraction extract(String event, String deliveryId, byte[] json)
      throws InvalidDeliveryException {
    return extract(event, deliveryId, read(json));
  }

  /**
   * @param event {@code X-GitHub-Event}
   * @param deliveryId {@code X-GitHub-Delivery}
   * @param read the payload, read by {@link #read}
   * @throws InvalidDeliveryException when the payload lacks a field the event needs
   */
  public Extraction extract(String event, String deliveryId, ReadPayload read)
      throws InvalidDeliveryException {
    byte[] json = read.json;
    Payload payload = new Payload(event, read.values);
    String action = payload.optionalText("action");
    if (HandledEvents.hasActions(event) && action == null) {
      throw new InvalidDeliveryException(event + " payload has no action");
    }
    if (!HandledEvents.isHandled(event, action)) {
      return Extraction.ignored(
          action,
          "event " + event + (action == null ? "" : " action " + action) + " is not handled");
    }
    if (payload.optionalText("repository", "full_name") == null) {
      if ("ping".equals(event)) {
        return Extraction.ignored(
            action, "ping of an organisation or app hook names no repository");
      }
      throw new InvalidDeliveryException(event + " payload lacks repository.full_name");
    }
    WebhookReceived received =
        new WebhookReceived(
            deliveryId,
            event,
            action,
            payload.optionalText("repository", "full_name"),
            payload.optionalText("repository", "clone_url"),
            payload.optionalText("sender", "login"),
            payload.optionalLong("installation", "id"),
            details(payload),
            new String(json, StandardCharsets.UTF_8));
    return Extraction.handled(received);
  }

  private static WebhookDetails details(Payload payload) throws InvalidDeliveryException {
    switch (payload.event()) {
      case "pull_request":
        return pullRequest(payload);
      case "release":
        return new WebhookDetails.Release(
            payload.number("release", "id"),
            payload.text("release", "tag_name"),
            payload.optionalText("release", "target_commitish"),
            payload.optionalInstant("release", "published_at"),
            payload.flag("release", "prerelease"),
            payload.flag("release", "draft"));
      case "push":
        return new WebhookDetails.Push(
            payload.text("ref"),
            payload.text("after"),
            payload.optionalText("before"),
            payload.optionalText("repository", "default_branch"));
      case "issue_comment":
        long issueNumber = payload.number("issue", "number");
        return new WebhookDetails.Comment(
            payload.node("issue", "pull_request") != null ? (int) issueNumber : null,
            payload.text("comment", "body"),
            payload.number("comment", "id"));
      case "deployment":
        return new WebhookDetails.Deployment(
            payload.number("deployment", "id"),
            payload.text("deployment", "ref"),
            payload.text("deployment", "sha"),
            payload.text("deployment", "environment"),
            payload.optionalText("deployment", "creator", "login"),
            isSlipways(payload.node("deployment", "payload")));
      case "ping":
        return new WebhookDetails.Ping();
      default:
        throw new IllegalStateException("handled event " + payload.event() + " has no details");
    }
  }

  /**
   * Whether a deployment's own payload is one Slipway's status-reporter wrote: it carries the
   * release's id. GitHub's schema lets that payload be an object or a string of JSON (the
   * reporter's client sends a string), so both are read.
   */
  private static boolean isSlipways(JsonNode deploymentPayload) {
    JsonNode object = deploymentPayload;
    if (deploymentPayload != null && deploymentPayload.isTextual()) {
      try {
        object = JSON.readTree(deploymentPayload.asText());
      } catch (JacksonException e) {
        return false;
      }
    }
    return object != null && object.isObject() && object.has(SLIPWAY_RELEASE_ID);
  }

  private static WebhookDetails.PullRequest pullRequest(Payload payload)
      throws InvalidDeliveryException {
    int number = (int) payload.number("pull_request", "number");
    String headSha = payload.text("pull_request", "head", "sha");
    String headRef = payload.text("pull_request", "head", "ref");
    String baseRef = payload.text("pull_request", "base", "ref");
    String baseRepository = payload.text("pull_request", "base", "repo", "full_name");
    // A deleted fork leaves head.repo null: treat it as foreign, it must never get secrets.
    String headRepository = payload.optionalText("pull_request", "head", "repo", "full_name");
    boolean fork = headRepository == null || !headRepository.equals(baseRepository);
    return new WebhookDetails.PullRequest(
        number, headSha, headRef, baseRef, headRepository, fork, payload.optionalText("before"));
  }

  /** The values of {@link #FIELDS} that the payload has and that are not null, by dotted path. */
  private static Map<String, JsonNode> readFields(byte[] json) throws InvalidDeliveryException {
    Map<String, JsonNode> values = new HashMap<>();
    boolean isObject;
    try (JsonParser parser = JSON.createParser(json)) {
      JsonToken first = parser.nextToken();
      isObject = first == JsonToken.START_OBJECT;
      if (isObject) {
        readObject(parser, ROOT, values);
      } else {
        parser.skipChildren();
      }
      if (first != null && parser.nextToken() != null) {
        throw new InvalidDeliveryException("body is not JSON");
      }
    } catch (JacksonException e) {
      throw new InvalidDeliveryException("body is not JSON");
    } catch (IOException e) {
      throw new IllegalStateException("reading JSON from memory cannot fail on I/O", e);
    }
    if (!isObject) {
      throw new InvalidDeliveryException("body is not a JSON object");
    }
    return values;
  }

  /** Reads the object the parser is at, up to its end, keeping the fields below {@code level}. */
  private static void readObject(JsonParser parser, Level level, Map<String, JsonNode> values)
      throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      Level below = level.below.get(parser.currentName());
      JsonToken value = parser.nextToken();
      if (below == null) {
        parser.skipChildren();
        continue;
      }
      below.forgetEarlierValue(values);
      if (below.isField) {
        JsonNode node = value.isScalarValue() ? scalar(parser) : JSON.readTree(parser);
        if (node != null && !node.isNull()) {
          values.put(below.path, node);
        }
      } else if (value == JsonToken.START_OBJECT) {
        readObject(parser, below, values);
      } else {
        parser.skipChildren();
      }
    }
  }

  /**
   * The node a JSON tree would hold for the scalar the parser is at, made without a tree's
   * overhead.
   */
  private static JsonNode scalar(JsonParser parser) throws IOException {
    switch (parser.currentToken()) {
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        switch (parser.getNumberType()) {
          case INT:
            return NODES.numberNode(parser.getIntValue());
          case LONG:
            return NODES.numberNode(parser.getLongValue());
          default:
            return NODES.numberNode(parser.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      default:
        return NODES.nullNode();
    }
  }

  /**
   * A name on the way to {@link #FIELDS}: a field, or an object with fields below it. Looking names
   * up level by level spares building the dotted path of every name in the payload.
   */
  private static final class Level {
    private final String path;
    private final String pathInside;
    private final Map<String, Level> below = new HashMap<>();
    private boolean isField;

    private Level(String path) {
      this.path = path;
      this.pathInside = path + ".";
    }

    static Level rootOf(Set<String> fields) {
      Level root = new Level("");
      for (String field : fields) {
        Level level = root;
        for (String name : field.split("\\.")) {
          String path = level == root ? name : level.path + "." + name;
          level = level.below.computeIfAbsent(name, unused -> new Level(path));
        }
        level.isField = true;
      }
      return root;
    }

    /**
     * A repeated name replaces the earlier value and all that was read inside it, as in a JSON
     * tree.
     */
    void forgetEarlierValue(Map<String, JsonNode> values) {
      values.keySet().removeIf(known -> known.equals(path) || known.startsWith(pathInside));
    }
  }

  /** The payload's fields, with lookups that name the missing field in their error. */
  private record Payload(String event, Map<String, JsonNode> values) {

    JsonNode node(String... path) {
      String field = String.join(".", path);
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(field + " is not among the fields read from payloads");
      }
      return values.get(field);
    }

    String optionalText(String... path) {
      JsonNode node = node(path);
      return node == null || !node.isValueNode() ? null : node.asText();
    }

    /** A time GitHub wrote, e.g. {@code release.published_at}; null when absent or unreadable. */
    Instant optionalInstant(String... path) {
      String text = optionalText(path);
      try {
        return text == null ? null : Instant.parse(text);
      } catch (DateTimeParseException e) {
        return null;
      }
    }

    /** A flag GitHub always sends; false when absent. */
    boolean flag(String... path) {
      JsonNode node = node(path);
      return node != null && node.asBoolean(false);
    }

    Long optionalLong(String... path) {
      JsonNode node = node(path);
      return node == null || !node.canConvertToLong() ? null : node.asLong();
    }

    String text(String... path) throws InvalidDeliveryException {
      String text = optionalText(path);
      if (text == null) {
        throw missing(path);
      }
      return text;
    }

    long number(String... path) throws InvalidDeliveryException {
      Long number = optionalLong(path);
      if (number == null) {
        throw missing(path);
      }
      return number;
    }

    private InvalidDeliveryException missing(String... path) {
      return new InvalidDeliveryException(event + " payload lacks " + String.join(".", path));
    }
  }
}
