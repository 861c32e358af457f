package dev.slipway.reporter.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testsupport.github.FakeGitHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake GitHub's hook deliveries (the App's, a repository's, an organisation's) checked against
 * GitHub's OpenAPI description: the list's items are {@code hook-delivery-item}s, pages follow the
 * {@code Link} header's cursor, a redelivery request is answered with a status the description
 * lists.
 */
class FakeGitHubHookDeliveriesContractIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final FakeGitHub fake = FakeGitHub.start();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void listedDeliveriesAndRedeliveryAnswersFollowGitHubsDescription() throws Exception {
    OpenApiDescription openApi = OpenApiDescription.read();
    fake.webhookTarget("http://127.0.0.1:9/webhooks/github", "secret");
    for (int i = 0; i < 3; i++) {
      fake.deliver("pull_request", "opened", 7L, "{}".getBytes(StandardCharsets.UTF_8));
    }
    fake.deliver("ping", null, null, "{}".getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> first = get(fake.url() + "/app/hook/deliveries?per_page=3");
    String next =
        first
            .headers()
            .firstValue("Link")
            .orElseThrow()
            .replaceAll("^<([^>]+)>; rel=\"next\"$", "$1");
    HttpResponse<String> second = get(next);

    List<String> violations = new ArrayList<>();
    openApi.validate(
        JSON.readTree(first.body()),
        openApi.responseSchema("/app/hook/deliveries"),
        "page 1",
        violations);
    openApi.validate(
        JSON.readTree(second.body()),
        openApi.responseSchema("/app/hook/deliveries"),
        "page 2",
        violations);
    assertThat(violations).isEmpty();
    List<Long> listed = new ArrayList<>();
    JSON.readTree(first.body()).forEach(item -> listed.add(item.path("id").asLong()));
    JSON.readTree(second.body()).forEach(item -> listed.add(item.path("id").asLong()));
    assertThat(listed)
        .as("newest first, each once")
        .containsExactlyElementsOf(
            fake.hookDeliveries().stream()
                .map(FakeGitHub.HookDelivery::id)
                .sorted((a, b) -> Long.compare(b, a))
                .toList());
    assertThat(second.headers().firstValue("Link")).isEmpty();

    JsonNode redelivery =
        openApi
            .json()
            .path("paths")
            .path("/app/hook/deliveries/{delivery_id}/attempts")
            .path("post");
    int accepted = post(fake.url() + "/app/hook/deliveries/" + listed.get(0) + "/attempts");
    assertThat(redelivery.path("responses").has(String.valueOf(accepted)))
        .as("answered " + accepted)
        .isTrue();
    assertThat(accepted).isEqualTo(202);
    assertThat(post(fake.url() + "/app/hook/deliveries/1/attempts"))
        .as("unknown delivery")
        .isEqualTo(404);
  }

  @Test
  void repositoryAndOrganisationHookDeliveriesFollowGitHubsDescription() throws Exception {
    OpenApiDescription openApi = OpenApiDescription.read();
    long repositoryHook =
        fake.repositoryHook("acme/shop", "http://127.0.0.1:9/webhooks/github", "secret");
    long organizationHook =
        fake.organizationHook("acme", "http://127.0.0.1:9/webhooks/github", "secret");
    for (int i = 0; i < 3; i++) {
      fake.deliverTo(
          repositoryHook, "pull_request", "opened", 7L, "{}".getBytes(StandardCharsets.UTF_8));
    }
    fake.deliverTo(
        organizationHook, "release", "published", 8L, "{}".getBytes(StandardCharsets.UTF_8));
    record Hook(String path, String described, long id) {}

    List<String> violations = new ArrayList<>();
    for (Hook hook :
        List.of(
            new Hook(
                "/repos/acme/shop/hooks/" + repositoryHook,
                "/repos/{owner}/{repo}/hooks/{hook_id}",
                repositoryHook),
            new Hook(
                "/orgs/acme/hooks/" + organizationHook,
                "/orgs/{org}/hooks/{hook_id}",
                organizationHook))) {
      List<Long> listed = new ArrayList<>();
      assertThat(openApi.responseSchema(hook.described() + "/deliveries").isMissingNode())
          .isFalse();
      String url = fake.url() + hook.path() + "/deliveries?per_page=2";
      while (url != null) {
        HttpResponse<String> page = get(url);
        openApi.validate(
            JSON.readTree(page.body()),
            openApi.responseSchema(hook.described() + "/deliveries"),
            hook.path(),
            violations);
        JSON.readTree(page.body()).forEach(item -> listed.add(item.path("id").asLong()));
        url =
            page.headers()
                .firstValue("Link")
                .map(link -> link.replaceAll("^<([^>]+)>; rel=\"next\"$", "$1"))
                .orElse(null);
      }
      assertThat(listed)
          .as(hook.path() + ": its own deliveries, newest first")
          .containsExactlyElementsOf(
              fake.hookDeliveries(hook.id()).stream()
                  .map(FakeGitHub.HookDelivery::id)
                  .sorted((a, b) -> Long.compare(b, a))
                  .toList());
      JsonNode redelivery =
          openApi
              .json()
              .path("paths")
              .path(hook.described() + "/deliveries/{delivery_id}/attempts")
              .path("post");
      int accepted = post(fake.url() + hook.path() + "/deliveries/" + listed.get(0) + "/attempts");
      assertThat(redelivery.path("responses").has(String.valueOf(accepted)))
          .as("answered " + accepted)
          .isTrue();
      assertThat(accepted).isEqualTo(202);
    }
    assertThat(violations).isEmpty();
    long anotherHooksDelivery = fake.hookDeliveries(organizationHook).get(0).id();
    assertThat(
            post(
                fake.url()
                    + "/repos/acme/shop/hooks/"
                    + repositoryHook
                    + "/deliveries/"
                    + anotherHooksDelivery
                    + "/attempts"))
        .as("another hook's delivery")
        .isEqualTo(404);
    assertThat(
            client
                .send(
                    HttpRequest.newBuilder(
                            URI.create(fake.url() + "/repos/acme/shop/hooks/99/deliveries"))
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .as("no such hook")
        .isEqualTo(404);
  }

  private HttpResponse<String> get(String url) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response;
  }

  private int post(String url) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
