package dev.slipway.gateway.domain;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.slipway.events.WebhookReceived;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads a verified delivery's JSON into the {@link WebhookReceived} downstream needs. */
public final class PayloadExtractor {

  private static final ObjectReader JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build().reader();

  /**
   * @param event {@code X-GitHub-Event}
   * @param deliveryId {@code X-GitHub-Delivery}
   * @param json the payload as GitHub sent it
   * @throws InvalidDeliveryException when the body is not a JSON object or lacks a field the event needs
   */
  public Extraction extract(String event, String deliveryId, byte[] json) throws InvalidDeliveryException {
    Payload payload = new Payload(event, parse(json));
    String action = payload.optionalText("action");
    if (HandledEvents.hasActions(event) && action == null) {
      throw new InvalidDeliveryException(event + " payload has no action");
    }
    if (!HandledEvents.isHandled(event, action)) {
      return Extraction.ignored(action, "event " + event + (action == null ? "" : " action " + action) + " is not handled");
    }
    if (payload.optionalText("repository", "full_name") == null) {
      if ("ping".equals(event)) {
        return Extraction.ignored(action, "ping of an organisation or app hook names no repository");
      }
      throw new InvalidDeliveryException(event + " payload lacks repository.full_name");
    }
    Fields fields = new Fields(deliveryId, event, action, payload);
    switch (event) {
      case "pull_request":
        fields.pullRequest();
        break;
      case "release":
        fields.release();
        break;
      case "push":
        fields.push();
        break;
      case "issue_comment":
        fields.issueComment();
        break;
      default:
        break;
    }
    return Extraction.handled(fields.build(new String(json, StandardCharsets.UTF_8)));
  }

  private static JsonNode parse(byte[] json) throws InvalidDeliveryException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new InvalidDeliveryException("body is not JSON");
    } catch (IOException e) {
      throw new IllegalStateException("reading JSON from memory cannot fail on I/O", e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidDeliveryException("body is not a JSON object");
    }
    return root;
  }

  /** The payload's JSON tree, with lookups that name the missing field in their error. */
  private record Payload(String event, JsonNode root) {

    JsonNode node(String... path) {
      JsonNode node = root;
      for (String name : path) {
        node = node.path(name);
      }
      return node.isMissingNode() || node.isNull() ? null : node;
    }

    String optionalText(String... path) {
      JsonNode node = node(path);
      return node == null || !node.isValueNode() ? null : node.asText();
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

  /** The fields of {@link WebhookReceived} as they are filled in for one event type. */
  private static final class Fields {
    private final String deliveryId;
    private final String event;
    private final String action;
    private final Payload payload;
    private final String repository;
    private String headSha;
    private String ref;
    private String baseRef;
    private Integer pullRequestNumber;
    private String headRepository;
    private boolean fork;
    private String beforeSha;
    private Long releaseId;
    private String releaseTag;
    private String releaseTargetCommitish;
    private String commentBody;

    Fields(String deliveryId, String event, String action, Payload payload) {
      this.deliveryId = deliveryId;
      this.event = event;
      this.action = action;
      this.payload = payload;
      this.repository = payload.optionalText("repository", "full_name");
    }

    void pullRequest() throws InvalidDeliveryException {
      pullRequestNumber = (int) payload.number("pull_request", "number");
      headSha = payload.text("pull_request", "head", "sha");
      ref = payload.text("pull_request", "head", "ref");
      baseRef = payload.text("pull_request", "base", "ref");
      String baseRepository = payload.text("pull_request", "base", "repo", "full_name");
      // A deleted fork leaves head.repo null: treat it as foreign, it must never get secrets.
      headRepository = payload.optionalText("pull_request", "head", "repo", "full_name");
      fork = headRepository == null || !headRepository.equals(baseRepository);
      beforeSha = payload.optionalText("before");
    }

    void release() throws InvalidDeliveryException {
      releaseId = payload.number("release", "id");
      releaseTag = payload.text("release", "tag_name");
      releaseTargetCommitish = payload.optionalText("release", "target_commitish");
    }

    void push() throws InvalidDeliveryException {
      ref = payload.text("ref");
      headSha = payload.text("after");
      beforeSha = payload.optionalText("before");
    }

    void issueComment() throws InvalidDeliveryException {
      commentBody = payload.text("comment", "body");
      long issueNumber = payload.number("issue", "number");
      if (payload.node("issue", "pull_request") != null) {
        pullRequestNumber = (int) issueNumber;
      }
    }

    WebhookReceived build(String rawPayload) {
      return new WebhookReceived(
          deliveryId,
          event,
          action,
          repository,
          payload.optionalText("repository", "clone_url"),
          headSha,
          ref,
          baseRef,
          pullRequestNumber,
          headRepository,
          fork,
          beforeSha,
          releaseId,
          releaseTag,
          releaseTargetCommitish,
          commentBody,
          payload.optionalText("sender", "login"),
          payload.optionalLong("installation", "id"),
          rawPayload);
    }
  }
}
