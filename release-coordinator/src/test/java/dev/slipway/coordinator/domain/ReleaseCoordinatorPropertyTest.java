package dev.slipway.coordinator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.coordinator.domain.CoordinatorInput.BuildChanged;
import dev.slipway.coordinator.domain.CoordinatorInput.ClockTick;
import dev.slipway.coordinator.domain.CoordinatorInput.DeployFinished;
import dev.slipway.coordinator.domain.CoordinatorInput.Operated;
import dev.slipway.coordinator.domain.CoordinatorInput.Requested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ReleaseAdmitted;
import dev.slipway.events.ReleaseEvent;
import dev.slipway.events.ReleaseOperationRequested;
import dev.slipway.events.ReleaseOrigin.Operation;
import dev.slipway.events.ReleaseRequested;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.ReleaseState;
import dev.slipway.events.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings of requests, operations (rollback, retry, redeploy: accepted or refused),
 * outcomes (right, wrong, late and repeated), build changes and the passing of time, over several
 * repositories and datacenters, seeded so that a failure can be replayed: never two releases in
 * flight on one lane, and every release ends exactly once (a refused operation ends with its
 * refusal).
 */
class ReleaseCoordinatorPropertyTest {

  private static final int SEEDS = 300;
  private static final int STEPS = 150;
  private static final List<String> REPOSITORIES = List.of("acme/a", "acme/b", "acme/c");
  private static final List<String> DATACENTERS = List.of("dc1", "dc2", "dc3");
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(30);

  private final ReleaseCoordinator coordinator =
      new ReleaseCoordinator(new CoordinatorRules(STEP_TIMEOUT, 10_000, 5));

  @Test
  void lanesNeverHoldTwoReleasesAndEveryReleaseEndsExactlyOnce() {
    IntStream.range(0, SEEDS).forEach(this::run);
  }

  private void run(long seed) {
    Random random = new Random(seed);
    World world = new World();
    for (int step = 0; step < STEPS; step++) {
      world.now = world.now.plusSeconds(random.nextInt(120));
      String repository = REPOSITORIES.get(random.nextInt(REPOSITORIES.size()));
      world.apply(seed, repository, randomInput(random, world, repository));
    }
    // Let every remaining release time out, one lane holder after another, then check each ended
    // once.
    for (int round = 0; round < STEPS && world.anyActive(); round++) {
      world.now = world.now.plus(STEP_TIMEOUT).plusSeconds(1);
      for (String repository : REPOSITORIES) {
        world.apply(seed, repository, new ClockTick());
      }
    }
    for (String repository : REPOSITORIES) {
      assertThat(world.state(repository).active())
          .as("seed %d: %s still active", seed, repository)
          .isEmpty();
    }
    assertThat(world.terminalEvents.keySet())
        .as("seed %d: releases that ended", seed)
        .isEqualTo(world.requested);
  }

  private CoordinatorInput randomInput(Random random, World world, String repository) {
    List<Release> inFlight =
        world.state(repository).active().stream()
            .filter(release -> release.state() == ReleaseState.IN_FLIGHT)
            .toList();
    int choice = random.nextInt(100);
    if (choice < 25 || world.sent.isEmpty()) {
      return world.request(repository, random);
    }
    if (choice < 60 && !inFlight.isEmpty()) {
      Release release = inFlight.get(random.nextInt(inFlight.size()));
      DeploymentFinished.Outcome outcome =
          random.nextInt(10) < 8
              ? DeploymentFinished.Outcome.ROLLED_OUT
              : DeploymentFinished.Outcome.values()[1 + random.nextInt(2)];
      return world.remember(
          new DeployFinished(
              ReleaseFixtures.deployed(
                  repository, release.releaseId(), release.datacenter(), outcome)));
    }
    if (choice < 70 && !inFlight.isEmpty()) {
      Release release = inFlight.get(random.nextInt(inFlight.size()));
      RunState to = RunState.values()[random.nextInt(RunState.values().length)];
      return world.remember(
          new BuildChanged(ReleaseFixtures.build(repository, release.releaseId(), to)));
    }
    if (choice < 80) {
      String datacenter = DATACENTERS.get(random.nextInt(DATACENTERS.size()));
      return new DeployFinished(
          ReleaseFixtures.deployed(
              repository,
              "unknown-" + random.nextInt(5),
              datacenter,
              DeploymentFinished.Outcome.ROLLED_OUT));
    }
    if (choice < 88) {
      world.now = world.now.plus(STEP_TIMEOUT.dividedBy(2));
      return new ClockTick();
    }
    if (choice < 95) {
      return world.operate(repository, random);
    }
    // A redelivery of something already sent, possibly long after it mattered.
    Map.Entry<String, CoordinatorInput> old = world.sent.get(random.nextInt(world.sent.size()));
    return old.getKey().equals(repository) ? old.getValue() : new ClockTick();
  }

  private final class World {
    Instant now = ReleaseFixtures.PUBLISHED;
    final Map<String, RepositoryReleases> states = new HashMap<>();
    final List<Map.Entry<String, CoordinatorInput>> sent = new ArrayList<>();
    final Set<String> requested = new HashSet<>();
    final Map<String, ReleaseEvent> terminalEvents = new HashMap<>();
    final Set<String> admissions = new HashSet<>();
    final Map<String, Integer> nextRelease = new HashMap<>();
    private String currentRepository;

    boolean anyActive() {
      return states.values().stream().anyMatch(state -> !state.active().isEmpty());
    }

    RepositoryReleases state(String repository) {
      return states.getOrDefault(repository, RepositoryReleases.empty(repository));
    }

    CoordinatorInput request(String repository, Random random) {
      int n = nextRelease.merge(repository, 1, Integer::sum);
      List<String> datacenters =
          new ArrayList<>(DATACENTERS.subList(0, 1 + random.nextInt(DATACENTERS.size())));
      QueueMode mode = random.nextBoolean() ? QueueMode.SUPERSEDE : QueueMode.QUEUE;
      ReleaseRequested request =
          ReleaseFixtures.release(repository, n, mode, datacenters.toArray(String[]::new));
      // Publish times jitter, so requests sometimes arrive out of publish order.
      ReleaseRequested jittered =
          new ReleaseRequested(
              request.releaseId(),
              repository,
              request.tag(),
              request.sha(),
              request.cloneUrl(),
              request.publishedAt().plusSeconds(random.nextInt(240) - 120L),
              request.build(),
              request.deploy(),
              request.datacenters(),
              request.mode());
      requested.add(request.releaseId());
      currentRepository = repository;
      return remember(new Requested(jittered, "delivery-" + request.releaseId()));
    }

    CoordinatorInput operate(String repository, Random random) {
      String name = repository.replace('/', '-') + "-op" + sent.size();
      Operation operation = Operation.values()[1 + random.nextInt(Operation.values().length - 1)];
      int number = 1 + random.nextInt(state(repository).lastNumber() + 1);
      String[] datacenters =
          random.nextBoolean()
              ? new String[0]
              : new String[] {DATACENTERS.get(random.nextInt(DATACENTERS.size()))};
      ReleaseOperationRequested request =
          ReleaseFixtures.operation(repository, name, operation, number, datacenters);
      requested.add(request.releaseId());
      currentRepository = repository;
      return remember(new Operated(request, "delivery-" + name));
    }

    CoordinatorInput remember(CoordinatorInput input) {
      sent.add(Map.entry(currentRepositoryOf(input), input));
      return input;
    }

    private String currentRepositoryOf(CoordinatorInput input) {
      if (input instanceof DeployFinished finished) {
        return finished.deployment().repository();
      }
      if (input instanceof BuildChanged changed) {
        return changed.change().repository();
      }
      return currentRepository;
    }

    void apply(long seed, String repository, CoordinatorInput input) {
      Step step = coordinator.decide(state(repository), input, now);
      states.put(repository, step.state());
      for (Decision decision : step.decisions()) {
        ReleaseEvent event = decision.event();
        assertThat(terminalEvents)
            .as("seed %d: %s after its end", seed, event)
            .doesNotContainKey(event.releaseId());
        if (event instanceof ReleaseAdmitted admitted) {
          assertThat(admissions.add(admitted.releaseId() + "@" + admitted.datacenter()))
              .as("seed %d: %s admitted twice", seed, event)
              .isTrue();
        } else {
          terminalEvents.put(event.releaseId(), event);
        }
      }
      for (String datacenter : DATACENTERS) {
        long holding =
            step.state().active().stream()
                .filter(
                    release ->
                        release.state() == ReleaseState.IN_FLIGHT
                            && release.datacenter().equals(datacenter))
                .count();
        assertThat(holding)
            .as("seed %d: releases in flight on %s %s", seed, repository, datacenter)
            .isLessThanOrEqualTo(1);
      }
    }
  }
}
