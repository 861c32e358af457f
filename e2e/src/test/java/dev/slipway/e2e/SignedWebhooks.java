package dev.slipway.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.testsupport.WebhookExamples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed {@code pull_request} and {@code release} deliveries, made from GitHub's own example
 * payloads with the repository, number, commits and tags of the test, sent to the gateway as GitHub
 * sends them.
 */
final class SignedWebhooks {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String gatewayUrl;
  private final String secret;

  SignedWebhooks(String gatewayUrl, String secret) {
    this.gatewayUrl = gatewayUrl;
    this.secret = secret;
  }

  byte[] payload(String action, String repository, int number, String headSha, String beforeSha) {
    ObjectNode payload = example("pull_request", "opened", repository);
    payload.put("action", action);
    payload.put("number", number);
    if (beforeSha != null) {
      payload.put("before", beforeSha);
      payload.put("after", headSha);
    }
    ObjectNode pullRequest = (ObjectNode) payload.get("pull_request");
    pullRequest.put("number", number);
    ObjectNode head = (ObjectNode) pullRequest.get("head");
    head.put("sha", headSha);
    head.put("ref", "feature/e2e-" + number);
    ((ObjectNode) head.get("repo")).put("full_name", repository);
    ((ObjectNode) ((ObjectNode) pullRequest.get("base")).get("repo")).put("full_name", repository);
    return bytes(payload);
  }

  /** A {@code release} (published) delivery for {@code tag}, made from GitHub's example. */
  byte[] releasePayload(String repository, String tag, long releaseId, Instant publishedAt) {
    ObjectNode payload = example("release", "published", repository);
    ObjectNode release = (ObjectNode) payload.get("release");
    release.put("id", releaseId);
    release.put("tag_name", tag);
    release.put("name", tag);
    release.put("target_commitish", "main");
    release.put("prerelease", false);
    release.put("draft", false);
    release.put("published_at", publishedAt.truncatedTo(ChronoUnit.SECONDS).toString());
    return bytes(payload);
  }

  /**
   * A {@code deployment} (created) delivery: a person asks to deploy {@code ref} to {@code
   * environment}, made from GitHub's example.
   */
  byte[] deploymentPayload(
      String repository,
      long deploymentId,
      String ref,
      String sha,
      String environment,
      String creator) {
    ObjectNode payload = example("deployment", "created", repository);
    ObjectNode deployment = (ObjectNode) payload.get("deployment");
    deployment.put("id", deploymentId);
    deployment.put("ref", ref);
    deployment.put("sha", sha);
    deployment.put("environment", environment);
    deployment.putObject("payload");
    ((ObjectNode) deployment.get("creator")).put("login", creator);
    ((ObjectNode) payload.get("sender")).put("login", creator);
    return bytes(payload);
  }

  /**
   * A {@code pull_request} (opened) delivery by {@code author} from a branch of {@code author}'s
   * fork of {@code repository}.
   */
  byte[] forkPayload(String repository, int number, String headSha, String author) {
    ObjectNode payload;
    try {
      payload = (ObjectNode) JSON.readTree(payload("opened", repository, number, headSha, null));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ObjectNode pullRequest = (ObjectNode) payload.get("pull_request");
    ((ObjectNode) pullRequest.get("head").get("repo"))
        .put("full_name", author + "/" + repository.substring(repository.indexOf('/') + 1));
    ((ObjectNode) pullRequest.get("user")).put("login", author);
    ((ObjectNode) payload.get("sender")).put("login", author);
    return bytes(payload);
  }

  /**
   * An {@code issue_comment} (created) delivery: {@code author} comments on pull request {@code
   * number}.
   */
  byte[] commentPayload(String repository, int number, long commentId, String body, String author) {
    ObjectNode payload = example("issue_comment", "created", repository);
    ObjectNode issue = (ObjectNode) payload.get("issue");
    issue.put("number", number);
    issue
        .putObject("pull_request")
        .put("url", "https://api.github.com/repos/" + repository + "/pulls/" + number);
    ObjectNode comment = (ObjectNode) payload.get("comment");
    comment.put("id", commentId);
    comment.put("body", body);
    ((ObjectNode) comment.get("user")).put("login", author);
    ((ObjectNode) payload.get("sender")).put("login", author);
    return bytes(payload);
  }

  /**
   * A copy of GitHub's example payload of {@code event} ({@code action}), naming {@code repository}
   * ({@code owner/name}).
   */
  private static ObjectNode example(String event, String action, String repository) {
    ObjectNode payload = (ObjectNode) WebhookExamples.first(event, action).payload().deepCopy();
    ObjectNode repo = (ObjectNode) payload.get("repository");
    repo.put("full_name", repository);
    repo.put("name", repository.substring(repository.indexOf('/') + 1));
    ((ObjectNode) repo.get("owner")).put("login", repository.substring(0, repository.indexOf('/')));
    return payload;
  }

  private static byte[] bytes(ObjectNode payload) {
    try {
      return JSON.writeValueAsBytes(payload);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Opens pull request {@code number} with head {@code headSha}: a new pull_request delivery;
   * returns the gateway's HTTP status.
   */
  int open(String repository, int number, String headSha) {
    return deliver(payload("opened", repository, number, headSha, null));
  }

  /**
   * Pushes {@code headSha} onto pull request {@code number}, whose head was {@code beforeSha}: a
   * new synchronize delivery; returns the gateway's HTTP status.
   */
  int synchronize(String repository, int number, String headSha, String beforeSha) {
    return deliver(payload("synchronize", repository, number, headSha, beforeSha));
  }

  /** Sends one pull_request delivery under a new delivery id; returns the gateway's HTTP status. */
  int deliver(byte[] body) {
    return deliver(UUID.randomUUID().toString(), body);
  }

  /** Sends one pull_request delivery; returns the gateway's HTTP status. */
  int deliver(String deliveryId, byte[] body) {
    return deliver("pull_request", deliveryId, body);
  }

  /** Sends one delivery of {@code event}; returns the gateway's HTTP status. */
  int deliver(String event, String deliveryId, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(gatewayUrl + "/webhooks/github"))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", event)
            .header("X-GitHub-Delivery", deliveryId)
            .header("X-Hub-Signature-256", signature(body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The {@code X-Hub-Signature-256} GitHub sends with {@code body}. */
  String signature(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
