package dev.slipway.reporter.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.reporter.domain.HookDelivery;
import dev.slipway.reporter.domain.HookDeliveryPort;
import dev.slipway.reporter.domain.WatchedHook;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * The deliveries of one webhook ({@code GET .../deliveries}, {@code POST
 * .../deliveries/{id}/attempts} under {@code /app/hook}, {@code /orgs/{org}/hooks/{id}} or {@code
 * /repos/{owner}/{repo}/hooks/{id}}), requested directly: github-api 1.330 has no call for them.
 * The App's hook takes the App's JWT, not an installation token; organisation and repository hooks
 * take a token with {@code admin:org_hook} or the repository's admin rights (an App installation
 * token needs the webhooks permission). The list is not filtered with {@code status=failure}:
 * GitHub's filter means 400–599, so a delivery that could not connect at all (status code 0) would
 * be missed.
 */
public final class GitHubHookDeliveries implements HookDeliveryPort {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
  private static final int PER_PAGE = 100;

  private final GitHubRepositories repositories;
  private final GitHubHttp http;
  private final WatchedHook hook;

  /**
   * @param authorization for the App's hook the App's JWT ({@link GitHubAuthorization#appJwt}),
   *     else the reporter's credential
   */
  public GitHubHookDeliveries(
      GitHubRepositories repositories, AuthorizationProvider authorization, WatchedHook hook) {
    this.repositories = repositories;
    this.http = new GitHubHttp(authorization);
    this.hook = hook;
  }

  @Override
  public DeliveryPage deliveries(String page) throws GitHubWriteException {
    String url =
        page != null
            ? page
            : repositories.apiUrl() + hookPath() + "/deliveries?per_page=" + PER_PAGE;
    HttpResponse<String> answer =
        repositories.send(http, "GET", url, null, "listing the webhook deliveries of " + hook);
    List<HookDelivery> deliveries = new ArrayList<>();
    try {
      for (JsonNode item : JSON.readTree(answer.body())) {
        deliveries.add(delivery(item));
      }
    } catch (IOException | RuntimeException e) {
      throw new GitHubWriteException(
          GitHubWriteException.Kind.UNAVAILABLE,
          null,
          "cannot read GitHub's list of webhook deliveries of " + hook + ": " + e.getMessage(),
          e);
    }
    return new DeliveryPage(deliveries, next(answer));
  }

  @Override
  public void redeliver(HookDelivery delivery) throws GitHubWriteException {
    repositories.send(
        http,
        "POST",
        repositories.apiUrl() + hookPath() + "/deliveries/" + delivery.id() + "/attempts",
        "{}",
        "redelivering " + delivery + " of " + hook);
  }

  private String hookPath() {
    return switch (hook.kind()) {
      case APP -> "/app/hook";
      case ORGANIZATION -> "/orgs/" + hook.owner() + "/hooks/" + hook.id();
      case REPOSITORY -> "/repos/" + hook.owner() + "/hooks/" + hook.id();
    };
  }

  private static String next(HttpResponse<String> page) {
    for (String link : page.headers().allValues("Link")) {
      Matcher next = NEXT.matcher(link);
      if (next.find()) {
        return next.group(1);
      }
    }
    return null;
  }

  private static HookDelivery delivery(JsonNode item) {
    return new HookDelivery(
        item.path("id").asLong(),
        item.path("guid").asText(),
        Instant.parse(item.path("delivered_at").asText()),
        item.path("redelivery").asBoolean(),
        item.path("status_code").asInt(),
        item.path("event").asText(),
        item.hasNonNull("action") ? item.get("action").asText() : null,
        item.hasNonNull("repository_id") ? item.get("repository_id").asLong() : null);
  }
}
