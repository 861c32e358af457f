package dev.slipway.coordinator.domain;

import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseOrigin.Operation;
import dev.slipway.events.ReleaseRequested.QueueMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a rollback, retry or redeploy request into the new release it asks for, or into the reason
 * it cannot be done. The new release reuses the earlier one's commit, build and deploy definitions
 * and, when it has one, its image, so that rolling back builds nothing.
 */
final class ReleaseOperations {

  /** What a request becomes: a release to enter the lanes, or a refusal that changes nothing. */
  sealed interface Plan {
    record Accepted(Release release) implements Plan {}

    record Rejected(String reason) implements Plan {}
  }

  private ReleaseOperations() {}

  static Plan plan(
      RepositoryReleases state,
      ReleaseOperationRequested request,
      int number,
      String correlationId,
      Instant now) {
    if (request.operation() == null || request.operation() == Operation.PUBLISHED) {
      return reject("name an operation: ROLLBACK, RETRY or REDEPLOY");
    }
    Optional<Release> found = target(state, request);
    if (found.isEmpty()) {
      return reject(missing(state, request));
    }
    Release of = found.get();
    List<String> repositoryDatacenters = repositoryDatacenters(state, of);
    List<String> unknown =
        request.datacenters().stream()
            .filter(datacenter -> !repositoryDatacenters.contains(datacenter))
            .toList();
    if (!unknown.isEmpty()) {
      return reject(
          String.join(", ", unknown)
              + (unknown.size() == 1 ? " is not one of " : " are not among ")
              + state.repository()
              + "'s datacenters ("
              + String.join(", ", repositoryDatacenters)
              + ")");
    }
    Optional<Release> running =
        state.active().stream()
            .filter(release -> release.origin().operation() != Operation.PUBLISHED)
            .findFirst();
    if (running.isPresent()) {
      Release other = running.get();
      return reject(
          "v"
              + other.number()
              + " ("
              + other.origin().describe()
              + ") is still in progress; ask again once it has ended");
    }
    Optional<String> refusal = refusal(request.operation(), of, request.datacenters());
    if (refusal.isPresent()) {
      return reject(refusal.get());
    }
    List<String> datacenters = datacenters(request, of, repositoryDatacenters);
    if (datacenters.isEmpty()) {
      return reject("v" + of.number() + " has no datacenter left to deploy to");
    }
    Instant askedAt = request.requestedAt() == null ? now : request.requestedAt();
    return new Plan.Accepted(
        Release.operatedOn(
            of,
            request.releaseId(),
            request.origin(of.number()),
            askedAt,
            datacenters,
            repositoryMode(state, of),
            of.image(),
            number,
            correlationId,
            now));
  }

  /** The release operated on: by number, or the newest one whose tag or commit is the ref. */
  private static Optional<Release> target(
      RepositoryReleases state, ReleaseOperationRequested request) {
    if (request.releaseNumber() != null) {
      return state.release(request.releaseNumber());
    }
    if (request.ref() == null || request.ref().isBlank()) {
      return Optional.empty();
    }
    List<Release> matching =
        state.releases().stream()
            .filter(
                release ->
                    request.ref().equals(release.tag()) || request.ref().equals(release.sha()))
            .toList();
    return matching.stream()
        .filter(release -> release.image() != null)
        .findFirst()
        .or(() -> matching.stream().findFirst());
  }

  private static String missing(RepositoryReleases state, ReleaseOperationRequested request) {
    if (request.releaseNumber() == null) {
      return request.ref() == null || request.ref().isBlank()
          ? "name the release: a number, a tag or a commit"
          : request.ref() + " is not a release Slipway knows for " + state.repository();
    }
    int asked = request.releaseNumber();
    if (asked < 1 || asked > state.lastNumber()) {
      return "v"
          + asked
          + " does not exist: "
          + (state.lastNumber() == 0
              ? state.repository() + " has no release yet"
              : state.repository() + "'s releases go from v1 to v" + state.lastNumber());
    }
    return "v" + asked + " is older than the releases the coordinator remembers";
  }

  private static Optional<String> refusal(
      Operation operation, Release of, List<String> datacenters) {
    String name = "v" + of.number();
    return switch (operation) {
      case ROLLBACK ->
          of.image() == null || of.rolledOutIn().isEmpty()
              ? Optional.of(name + " never rolled out anywhere: there is nothing to roll back to")
              : Optional.empty();
      case RETRY -> {
        if (!of.state().terminal()) {
          yield Optional.of(name + " is still in progress (" + of.state() + ")");
        }
        yield switch (of.state()) {
          case FAILED, TIMED_OUT -> Optional.empty();
          case COMPLETED ->
              Optional.of(name + " succeeded: there is nothing to retry (redeploy it instead)");
          default -> Optional.of(name + " was " + of.state() + ": there is nothing to retry");
        };
      }
      case REDEPLOY ->
          datacenters.isEmpty()
              ? Optional.of("say which datacenter to redeploy " + name + " to")
              : Optional.empty();
      case PUBLISHED -> Optional.of("a published release is not an operation");
    };
  }

  /**
   * Where the new release goes: where asked, else a rollback goes to every datacenter of the
   * repository and a retry to those its release did not roll out in.
   */
  private static List<String> datacenters(
      ReleaseOperationRequested request, Release of, List<String> repositoryDatacenters) {
    if (!request.datacenters().isEmpty()) {
      return request.datacenters();
    }
    if (request.operation() == Operation.RETRY) {
      List<String> left = new ArrayList<>(of.datacenters());
      left.removeAll(of.rolledOutIn());
      return left;
    }
    return repositoryDatacenters;
  }

  /** The datacenters of the newest published release: the repository's current configuration. */
  private static List<String> repositoryDatacenters(RepositoryReleases state, Release fallback) {
    return newestPublished(state).orElse(fallback).datacenters();
  }

  private static QueueMode repositoryMode(RepositoryReleases state, Release fallback) {
    return newestPublished(state).orElse(fallback).mode();
  }

  private static Optional<Release> newestPublished(RepositoryReleases state) {
    return state.releases().stream()
        .filter(release -> release.origin().operation() == Operation.PUBLISHED)
        .findFirst();
  }

  private static Plan reject(String reason) {
    return new Plan.Rejected(reason);
  }
}
