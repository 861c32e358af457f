package dev.slipway.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.WebhookDetails;
import dev.slipway.events.WebhookReceived;
import dev.slipway.testsupport.WebhookExamples;
import dev.slipway.testsupport.WebhookExamples.Example;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PayloadExtractorTest {

  private static final String REPOSITORY =
      "\"repository\":{\"full_name\":\"acme/app\",\"clone_url\":\"https://github.com/acme/app.git\"},"
          + "\"sender\":{\"login\":\"octocat\"}";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final PayloadExtractor extractor = new PayloadExtractor();

  private WebhookReceived handled(String event, String json) throws InvalidDeliveryException {
    Extraction extraction = extractor.extract(event, "delivery-1", bytes(json));
    assertThat(extraction.isHandled()).as("handled").isTrue();
    return extraction.event();
  }

  private static String pullRequest(String action, String headRepo) {
    return "{\"action\":\""
        + action
        + "\",\"number\":7,\"before\":\"b0\",\"after\":\"a1\","
        + "\"pull_request\":{\"number\":7,"
        + "\"head\":{\"sha\":\"a1\",\"ref\":\"feature\",\"repo\":"
        + headRepo
        + "},"
        + "\"base\":{\"ref\":\"main\",\"repo\":{\"full_name\":\"acme/app\"}}},"
        + "\"installation\":{\"id\":42},"
        + REPOSITORY
        + "}";
  }

  @Test
  void pullRequestFromTheSameRepository() throws Exception {
    String json = pullRequest("synchronize", "{\"full_name\":\"acme/app\"}");
    WebhookReceived event = handled("pull_request", json);

    assertThat(event)
        .isEqualTo(
            new WebhookReceived(
                "delivery-1",
                "pull_request",
                "synchronize",
                "acme/app",
                "https://github.com/acme/app.git",
                "octocat",
                42L,
                new WebhookDetails.PullRequest(7, "a1", "feature", "main", "acme/app", false, "b0"),
                json));
  }

  static Stream<Arguments> headRepositories() {
    return Stream.of(
        Arguments.of("{\"full_name\":\"mallory/app\"}", "mallory/app", true),
        Arguments.of("null", null, true),
        Arguments.of("{\"full_name\":\"acme/app\"}", "acme/app", false));
  }

  @ParameterizedTest(name = "head repo {0} -> fork {2}")
  @MethodSource("headRepositories")
  void aPullRequestIsAForkUnlessItsHeadLivesInTheBaseRepository(
      String headRepo, String headRepository, boolean fork) throws Exception {
    WebhookReceived event = handled("pull_request", pullRequest("opened", headRepo));

    WebhookDetails.PullRequest pullRequest = (WebhookDetails.PullRequest) event.details();
    assertThat(pullRequest.headRepository()).isEqualTo(headRepository);
    assertThat(pullRequest.fork()).isEqualTo(fork);
  }

  @Test
  void publishedRelease() throws Exception {
    WebhookReceived event =
        handled(
            "release",
            "{\"action\":\"published\",\"release\":{\"id\":99,\"tag_name\":\"v1.2.0\",\"target_commitish\":\"main\","
                + "\"published_at\":\"2026-03-04T05:06:07Z\",\"prerelease\":true,\"draft\":false},"
                + REPOSITORY
                + "}");

    assertThat(event.details())
        .isEqualTo(
            new WebhookDetails.Release(
                99L, "v1.2.0", "main", Instant.parse("2026-03-04T05:06:07Z"), true, false));
    assertThat(event.headSha()).isNull();
    assertThat(event.installationId()).isNull();
  }

  @Test
  void pushToATag() throws Exception {
    WebhookReceived event =
        handled(
            "push",
            "{\"ref\":\"refs/tags/v1\",\"before\":\"000\",\"after\":\"abc\"," + REPOSITORY + "}");

    assertThat(event.action()).isNull();
    assertThat(event.details())
        .isEqualTo(new WebhookDetails.Push("refs/tags/v1", "abc", "000", null));
    assertThat(event.headSha()).isEqualTo("abc");
  }

  @Test
  void commentOnAPullRequestCarriesItsNumber() throws Exception {
    WebhookReceived onPullRequest =
        handled(
            "issue_comment",
            "{\"action\":\"created\",\"issue\":{\"number\":5,\"pull_request\":{\"url\":\"u\"}},"
                + "\"comment\":{\"id\":77,\"body\":\"/retest\"},"
                + REPOSITORY
                + "}");
    WebhookReceived onIssue =
        handled(
            "issue_comment",
            "{\"action\":\"created\",\"issue\":{\"number\":6},\"comment\":{\"id\":78,\"body\":\"hi\"},"
                + REPOSITORY
                + "}");

    assertThat(onPullRequest.details()).isEqualTo(new WebhookDetails.Comment(5, "/retest", 77));
    assertThat(onPullRequest.pullRequestNumber()).isEqualTo(5);
    assertThat(onIssue.pullRequestNumber()).isNull();
  }

  @Test
  void pingOfARepositoryHookIsHandled() throws Exception {
    assertThat(handled("ping", "{\"zen\":\"z\",\"hook_id\":1," + REPOSITORY + "}").repository())
        .isEqualTo("acme/app");
  }

  @Test
  void deploymentFromGitHubsExample() throws Exception {
    Example example = WebhookExamples.first("deployment", "created");

    WebhookReceived event =
        handled("deployment", new String(example.body(), StandardCharsets.UTF_8));

    assertThat(event.repository()).isEqualTo("Codertocat/Hello-World");
    assertThat(event.details())
        .isEqualTo(
            new WebhookDetails.Deployment(
                145988746L,
                "master",
                "f95f852bd8fca8fcc58a9a2d6c842781e32a215e",
                "production",
                "Codertocat",
                false));
  }

  static Stream<Arguments> deploymentPayloads() {
    return Stream.of(
        Arguments.of("{}", false),
        Arguments.of("\"\"", false),
        Arguments.of("{\"task\":\"deploy\"}", false),
        Arguments.of("\"not json\"", false),
        Arguments.of("{\"release_id\":\"release-1f\",\"release_number\":4}", true),
        // What the status-reporter's client sends: the same object as a string of JSON.
        Arguments.of("\"{\\\"release_id\\\":\\\"release-1f\\\",\\\"release_number\\\":4}\"", true));
  }

  @ParameterizedTest(name = "payload {0} -> by Slipway {1}")
  @MethodSource("deploymentPayloads")
  void aDeploymentIsSlipwaysWhenItsPayloadCarriesAReleaseId(
      String deploymentPayload, boolean bySlipway) throws Exception {
    ObjectNode payload = (ObjectNode) WebhookExamples.first("deployment", "created").payload();
    ((ObjectNode) payload.get("deployment")).set("payload", MAPPER.readTree(deploymentPayload));

    WebhookReceived event = handled("deployment", MAPPER.writeValueAsString(payload));

    assertThat(((WebhookDetails.Deployment) event.details()).bySlipway()).isEqualTo(bySlipway);
  }

  @Test
  void deploymentStatusesAreIgnored() throws Exception {
    List<Example> statuses =
        WebhookExamples.all().stream()
            .filter(example -> example.event().equals("deployment_status"))
            .toList();

    assertThat(statuses).isNotEmpty();
    for (Example example : statuses) {
      Extraction extraction = extractor.extract(example.event(), "delivery-1", example.body());
      assertThat(extraction.isHandled()).isFalse();
      assertThat(extraction.ignoredBecause())
          .isEqualTo("event deployment_status action created is not handled");
    }
  }

  static Stream<Arguments> ignored() {
    return Stream.of(
        Arguments.of("pull_request", "{\"action\":\"labeled\"," + REPOSITORY + "}", "labeled"),
        Arguments.of("release", "{\"action\":\"created\"," + REPOSITORY + "}", "created"),
        Arguments.of("issue_comment", "{\"action\":\"edited\"," + REPOSITORY + "}", "edited"),
        Arguments.of("check_run", "{\"action\":\"completed\"," + REPOSITORY + "}", "completed"),
        Arguments.of("deployment", "{\"action\":\"updated\"," + REPOSITORY + "}", "updated"),
        Arguments.of("ping", "{\"zen\":\"z\",\"organization\":{\"login\":\"acme\"}}", null));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("ignored")
  void eventsNotActedOnAreIgnored(String event, String json, String action) throws Exception {
    Extraction extraction = extractor.extract(event, "delivery-1", bytes(json));

    assertThat(extraction.isHandled()).isFalse();
    assertThat(extraction.action()).isEqualTo(action);
    assertThat(extraction.ignoredBecause()).isNotBlank();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("push", "ref=main", "body is not JSON"),
        Arguments.of("push", "", "body is not a JSON object"),
        Arguments.of("push", "[1,2]", "body is not a JSON object"),
        Arguments.of("push", "{\"ref\":\"x\"} trailing", "body is not JSON"),
        Arguments.of("pull_request", "{" + REPOSITORY + "}", "pull_request payload has no action"),
        Arguments.of(
            "push",
            "{\"ref\":\"refs/heads/main\",\"after\":\"abc\"}",
            "push payload lacks repository.full_name"),
        Arguments.of(
            "push", "{\"ref\":\"refs/heads/main\"," + REPOSITORY + "}", "push payload lacks after"),
        Arguments.of(
            "pull_request",
            "{\"action\":\"opened\",\"pull_request\":{\"number\":1,\"head\":{\"ref\":\"f\"}},"
                + REPOSITORY
                + "}",
            "pull_request payload lacks pull_request.head.sha"),
        Arguments.of(
            "release",
            "{\"action\":\"published\",\"release\":{\"id\":3}," + REPOSITORY + "}",
            "release payload lacks release.tag_name"),
        Arguments.of(
            "issue_comment",
            "{\"action\":\"created\",\"issue\":{\"number\":1}," + REPOSITORY + "}",
            "issue_comment payload lacks comment.body"),
        Arguments.of(
            "deployment",
            "{\"action\":\"created\",\"deployment\":{\"id\":8,\"ref\":\"v4\",\"environment\":\"dc1\"},"
                + REPOSITORY
                + "}",
            "deployment payload lacks deployment.sha"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("invalid")
  void unreadableDeliveriesAreRejectedWithAOneLineReason(String event, String json, String reason) {
    assertThatThrownBy(() -> extractor.extract(event, "delivery-1", bytes(json)))
        .isInstanceOf(InvalidDeliveryException.class)
        .hasMessage(reason);
  }

  static Stream<Arguments> owners() {
    return Stream.of(
        Arguments.of(
            "the repository's owner",
            "{\"repository\":{\"full_name\":\"acme/app\",\"owner\":{\"login\":\"acme\"}},"
                + "\"organization\":{\"login\":\"globex\"}}",
            "acme"),
        Arguments.of(
            "the repository name's owner", "{\"repository\":{\"full_name\":\"acme/app\"}}", "acme"),
        Arguments.of(
            "the organisation of an event about no repository",
            "{\"zen\":\"z\",\"organization\":{\"login\":\"globex\"}}",
            "globex"),
        Arguments.of("nobody", "{\"zen\":\"z\",\"hook\":{\"type\":\"App\"}}", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("owners")
  void theOwnerIsTheRepositorysOrElseTheOrganisations(String name, String json, String owner)
      throws Exception {
    assertThat(extractor.read(bytes(json)).owner()).isEqualTo(owner);
  }

  @Test
  void theOwnerOfAnExampleIsItsRepositorysOwnerEvenWhenAnOrganisationIsNamed() throws Exception {
    Example example =
        WebhookExamples.all().stream()
            .filter(
                candidate ->
                    candidate.event().equals("pull_request")
                        && "Octocoders".equals(candidate.text("organization", "login")))
            .findFirst()
            .orElseThrow();

    assertThat(extractor.read(example.body()).owner())
        .isEqualTo(example.text("repository", "owner", "login"))
        .isNotEqualTo("Octocoders");
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
