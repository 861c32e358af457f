package dev.slipway.reporter.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.reporter.domain.GitHubWriteException;
import dev.slipway.reporter.domain.HookDelivery;
import dev.slipway.reporter.domain.HookDeliveryPort;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * The GitHub App's webhook deliveries ({@code GET /app/hook/deliveries}, {@code POST
 * /app/hook/deliveries/{id}/attempts}), requested directly: github-api 1.330 has no call for them.
 * These endpoints take the App's JWT, not an installation token. The list is not filtered with
 * {@code status=failure}: GitHub's filter means 400–599, so a delivery that could not connect at
 * all (status code 0) would be missed.
 */
public final class GitHubHookDeliveries implements HookDeliveryPort {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
  private static final int PER_PAGE = 100;

  private final KohsukeRepositories repositories;
  private final GitHubHttp http;

  /** @param appAuthorization the App's JWT ({@link GitHubAuthorization#appJwt}) */
  public GitHubHookDeliveries(KohsukeRepositories repositories, AuthorizationProvider appAuthorization) {
    this.repositories = repositories;
    this.http = new GitHubHttp(appAuthorization);
  }

  /** GitHub lists newest first: pages are read until one reaches back past {@code since}. */
  @Override
  public List<HookDelivery> deliveriesSince(Instant since) throws GitHubWriteException {
    List<HookDelivery> deliveries = new ArrayList<>();
    String url = repositories.apiUrl() + "/app/hook/deliveries?per_page=" + PER_PAGE;
    while (url != null) {
      HttpResponse<String> page = call("GET", url, null, "listing the App's webhook deliveries");
      boolean reachedSince = false;
      try {
        for (JsonNode item : JSON.readTree(page.body())) {
          HookDelivery delivery = delivery(item);
          if (delivery.deliveredAt().isBefore(since)) {
            reachedSince = true;
          } else {
            deliveries.add(delivery);
          }
        }
      } catch (IOException e) {
        throw new GitHubWriteException(GitHubWriteException.Kind.UNAVAILABLE, null,
            "cannot read GitHub's list of webhook deliveries: " + e.getMessage(), e);
      }
      url = reachedSince ? null : next(page);
    }
    return deliveries;
  }

  @Override
  public void redeliver(HookDelivery delivery) throws GitHubWriteException {
    call("POST", repositories.apiUrl() + "/app/hook/deliveries/" + delivery.id() + "/attempts", "{}",
        "redelivering " + delivery);
  }

  private HttpResponse<String> call(String method, String url, String body, String what) throws GitHubWriteException {
    try {
      HttpResponse<String> response = http.send(method, url, body);
      if (response.statusCode() / 100 != 2) {
        throw repositories.classify(response.statusCode(), response.headers().map(),
            what + ": " + KohsukeRepositories.firstLine(response.body()), null);
      }
      return response;
    } catch (IOException e) {
      throw repositories.classify(e, what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitHubWriteException(GitHubWriteException.Kind.UNAVAILABLE, null, what + ": interrupted", e);
    }
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
