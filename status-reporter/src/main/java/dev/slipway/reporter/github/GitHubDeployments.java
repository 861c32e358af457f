package dev.slipway.reporter.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.reporter.domain.DeploymentKey;
import dev.slipway.reporter.domain.DeploymentPort;
import dev.slipway.reporter.domain.DeploymentStatus;
import dev.slipway.reporter.domain.GitHubWriteException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.kohsuke.github.GHDeployment;
import org.kohsuke.github.GHDeploymentState;
import org.kohsuke.github.GHDeploymentStatus;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * GitHub deployments through {@code org.kohsuke:github-api} 1.330, except for creating a deployment
 * status, which is one request of its own: the library sends every enum lowercased with {@code _}
 * turned into {@code -} ({@code GitHubRequest.transformEnum}), so {@code IN_PROGRESS} would go out
 * as {@code in-progress}, which GitHub refuses with 422. No preview header is needed any more for
 * {@code environment_url}, {@code log_url}, {@code queued} and {@code in_progress} (GitHub made
 * them generally available; the library sends none either). The library sends the deployment's
 * payload as a JSON string, which GitHub accepts (its schema allows an object or a string); reading
 * back accepts either.
 */
public final class GitHubDeployments implements DeploymentPort {

  static final String RELEASE_ID = "release_id";
  static final String RELEASE_NUMBER = "release_number";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GitHubRepositories repositories;
  private final GitHubHttp http;

  /**
   * The library addresses a deployment through its object; kept from creation or the first fetch.
   */
  private final Map<Long, GHDeployment> deployments = new ConcurrentHashMap<>();

  /**
   * @param authorization the credential the library's client was built with
   */
  public GitHubDeployments(GitHubRepositories repositories, AuthorizationProvider authorization) {
    this.repositories = repositories;
    this.http = new GitHubHttp(authorization);
  }

  @Override
  public OptionalLong findDeployment(DeploymentKey key, String ref) throws GitHubWriteException {
    return repositories.call(
        key,
        () -> {
          for (GHDeployment deployment :
              repositories
                  .repository(key.repository())
                  .listDeployments(null, ref, null, key.datacenter())) {
            if (key.releaseId().equals(releaseIdOf(deployment.getPayloadObject()))) {
              deployments.put(deployment.getId(), deployment);
              return OptionalLong.of(deployment.getId());
            }
          }
          return OptionalLong.empty();
        });
  }

  @Override
  public long createDeployment(DeploymentKey key, String ref, int releaseNumber, String description)
      throws GitHubWriteException {
    GHDeployment deployment =
        repositories.call(
            key,
            () ->
                repositories
                    .repository(key.repository())
                    .createDeployment(ref)
                    .environment(key.datacenter())
                    .requiredContexts(List.of())
                    .autoMerge(false)
                    .productionEnvironment(true)
                    .payload(
                        JSON.writeValueAsString(
                            Map.of(RELEASE_ID, key.releaseId(), RELEASE_NUMBER, releaseNumber)))
                    .description(description)
                    .create());
    deployments.put(deployment.getId(), deployment);
    return deployment.getId();
  }

  @Override
  public void createDeploymentStatus(DeploymentKey key, long deploymentId, DeploymentStatus status)
      throws GitHubWriteException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", status.state().name().toLowerCase(Locale.ROOT));
    body.put("description", status.description());
    if (status.environmentUrl() != null) {
      body.put("environment_url", status.environmentUrl());
    }
    if (status.logUrl() != null) {
      body.put("log_url", status.logUrl());
    }
    String path = "/repos/" + key.repository() + "/deployments/" + deploymentId + "/statuses";
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a deployment status that is no JSON: " + body, e);
    }
    repositories.send(http, "POST", repositories.apiUrl() + path, json, key);
  }

  @Override
  public boolean shows(DeploymentKey key, long deploymentId, DeploymentStatus status)
      throws GitHubWriteException {
    return repositories.call(
        key,
        () -> {
          // GitHub lists a deployment's statuses newest first.
          for (GHDeploymentStatus newest : deployment(key, deploymentId).listStatuses()) {
            return newest.getState() == GHDeploymentState.valueOf(status.state().name())
                && status.description().equals(descriptionOf(newest))
                && Objects.equals(status.environmentUrl(), link(newest::getEnvironmentUrl))
                && Objects.equals(status.logUrl(), link(newest::getLogUrl));
          }
          return false;
        });
  }

  private GHDeployment deployment(DeploymentKey key, long id) throws IOException {
    GHDeployment known = deployments.get(id);
    if (known != null) {
      return known;
    }
    GHDeployment fetched = repositories.repository(key.repository()).getDeployment(id);
    deployments.put(id, fetched);
    return fetched;
  }

  /**
   * The release id in a deployment's payload, which GitHub returns as an object or as the string it
   * was given.
   */
  static String releaseIdOf(Object payload) {
    JsonNode tree;
    if (payload instanceof String text) {
      try {
        tree = JSON.readTree(text);
      } catch (JsonProcessingException notJson) {
        return null;
      }
    } else {
      tree = JSON.valueToTree(payload);
    }
    JsonNode releaseId = tree == null ? null : tree.get(RELEASE_ID);
    return releaseId == null || !releaseId.isTextual() ? null : releaseId.asText();
  }

  /**
   * github-api 1.330 reads a deployment status's description into a field without a getter; without
   * it the read-back cannot tell "building" from "rolling out" (both {@code in_progress}). When the
   * field cannot be read the status counts as not shown, and is written again once.
   */
  private static String descriptionOf(GHDeploymentStatus status) {
    try {
      Field field = GHDeploymentStatus.class.getDeclaredField("description");
      field.setAccessible(true);
      return (String) field.get(status);
    } catch (ReflectiveOperationException | RuntimeException unreadable) {
      return null;
    }
  }

  /** GitHub answers {@code ""} for a link that was not set, which the library refuses to parse. */
  private static String link(Supplier<URL> getter) {
    try {
      URL url = getter.get();
      return url == null ? null : url.toString();
    } catch (IllegalStateException unset) {
      return null;
    }
  }
}
