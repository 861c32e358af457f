package dev.slipway.reporter.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryRecoveryTest {

  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private long ids = 100;

  private HookDelivery delivery(String guid, Duration ago, int statusCode) {
    return new HookDelivery(
        ids++, guid, NOW.minus(ago), false, statusCode, "pull_request", "opened", 7L);
  }

  /** Three failed deliveries and one that succeeded, newest first as GitHub lists them. */
  private final List<HookDelivery> listed =
      List.of(
          delivery("late", Duration.ofMinutes(1), 502),
          delivery("ok", Duration.ofMinutes(3), 200),
          delivery("refused", Duration.ofMinutes(4), 503),
          delivery("early", Duration.ofMinutes(5), 0));

  private static List<String> guids(List<HookDelivery> deliveries) {
    return deliveries.stream().map(HookDelivery::guid).toList();
  }

  @Test
  void redeliversFailedDeliveriesOldestFirstAndNothingThatSucceeded() {
    DeliveryRecovery.Plan plan = new DeliveryRecovery(10).plan(listed, RecoveryState.NONE, NOW);

    assertThat(guids(plan.toRedeliver())).containsExactly("early", "refused", "late");
    assertThat(plan.missedSince()).isNull();
  }

  @Test
  void anEventThatSucceededInAnotherAttemptOrWasAskedForIsNotRedelivered() {
    HookDelivery failedThenManuallyRedelivered = delivery("manual", Duration.ofMinutes(9), 502);
    HookDelivery manualSuccess =
        new HookDelivery(
            ids++, "manual", NOW.minus(Duration.ofMinutes(2)), true, 202, "push", null, 7L);
    List<HookDelivery> listed =
        List.of(
            failedThenManuallyRedelivered,
            manualSuccess,
            delivery("asked", Duration.ofMinutes(8), 0),
            delivery("twice", Duration.ofMinutes(7), 0),
            delivery("twice", Duration.ofMinutes(6), 500));
    RecoveryState state =
        new RecoveryState(
            null, 0, Map.of("asked", new RecoveryState.Asked(NOW.minus(Duration.ofMinutes(7)), 1)));

    DeliveryRecovery.Plan plan = new DeliveryRecovery(10).plan(listed, state, NOW);

    assertThat(guids(plan.toRedeliver())).containsExactly("twice");
    assertThat(plan.steps()).hasSize(5);
  }

  @Test
  void
      anEventIsAskedForAgainOnlyWhenTheRedeliveryItAskedForFailedAndAtMostThreeTimesUnlessTheEndpointWasDown() {
    Instant askedAt = NOW.minus(Duration.ofMinutes(10));
    HookDelivery manualBeforeTheAsk =
        new HookDelivery(ids++, "a", askedAt.minusSeconds(30), true, 0, "push", null, 7L);
    HookDelivery failedAnswer =
        new HookDelivery(ids++, "a", askedAt.plusSeconds(1), true, 0, "push", null, 7L);
    HookDelivery refusedThirdAnswer =
        new HookDelivery(ids++, "b", askedAt.plusSeconds(1), true, 400, "push", null, 7L);
    HookDelivery stillDownThirdAnswer =
        new HookDelivery(ids++, "c", askedAt.plusSeconds(1), true, 503, "push", null, 7L);
    RecoveryState state =
        new RecoveryState(
            null,
            0,
            Map.of(
                "a", new RecoveryState.Asked(askedAt, 1),
                "b", new RecoveryState.Asked(askedAt, DeliveryRecovery.MAX_ASKS),
                "c", new RecoveryState.Asked(askedAt, DeliveryRecovery.MAX_ASKS)));

    DeliveryRecovery.Plan plan =
        new DeliveryRecovery(10)
            .plan(
                List.of(manualBeforeTheAsk, failedAnswer, refusedThirdAnswer, stillDownThirdAnswer),
                state,
                NOW);

    assertThat(plan.steps())
        .extracting(DeliveryRecovery.Step::decision)
        .containsExactly(
            DeliveryRecovery.Decision.SKIP,
            DeliveryRecovery.Decision.REDELIVER,
            DeliveryRecovery.Decision.GIVE_UP,
            DeliveryRecovery.Decision.REDELIVER);
    assertThat(plan.toRedeliver()).containsExactly(failedAnswer, stillDownThirdAnswer);
  }

  @Test
  void theBudgetStopsThePlanAtTheFirstDeliveryItCannotAfford() {
    DeliveryRecovery.Plan plan = new DeliveryRecovery(2).plan(listed, RecoveryState.NONE, NOW);

    assertThat(guids(plan.toRedeliver())).containsExactly("early", "refused");
    assertThat(guids(plan.steps().stream().map(DeliveryRecovery.Step::delivery).toList()))
        .as("the success costs nothing; the late failure is the first it cannot afford")
        .containsExactly("early", "refused", "ok");
  }

  @Test
  void deliveriesAtOrBeforeTheCheckpointAreNotHandledAgain() {
    HookDelivery handled = delivery("handled", Duration.ofMinutes(5), 0);
    HookDelivery sameSecondLater =
        new HookDelivery(
            ids++, "same-second", handled.deliveredAt(), false, 0, "release", "published", 8L);
    RecoveryState state = new RecoveryState(handled.deliveredAt(), handled.id(), Map.of());

    DeliveryRecovery.Plan plan =
        new DeliveryRecovery(10).plan(List.of(handled, sameSecondLater), state, NOW);

    assertThat(guids(plan.toRedeliver())).containsExactly("same-second");
  }

  @Test
  void listingStartsShortlyBeforeTheCheckpointButNoEarlierThanGitHubKeepsDeliveries() {
    DeliveryRecovery policy = new DeliveryRecovery(10);
    Instant checkpoint = NOW.minus(Duration.ofHours(1));

    assertThat(policy.listFrom(RecoveryState.NONE, NOW)).isEqualTo(NOW.minus(Duration.ofDays(3)));
    assertThat(policy.listFrom(new RecoveryState(checkpoint, 1, Map.of()), NOW))
        .isEqualTo(checkpoint.minus(DeliveryRecovery.OVERLAP));
    assertThat(policy.listFrom(new RecoveryState(NOW.minus(Duration.ofDays(5)), 1, Map.of()), NOW))
        .isEqualTo(NOW.minus(Duration.ofDays(3)));
  }

  @Test
  void deliveriesOlderThanGitHubKeepsAreUnrecoverableAndAnOldCheckpointIsReported() {
    Instant oldCheckpoint = NOW.minus(Duration.ofDays(4));
    List<HookDelivery> listed =
        List.of(
            delivery("too-old", Duration.ofDays(3).plusMinutes(1), 0),
            delivery("recent", Duration.ofDays(2), 0));

    DeliveryRecovery.Plan plan =
        new DeliveryRecovery(10).plan(listed, new RecoveryState(oldCheckpoint, 1, Map.of()), NOW);

    assertThat(plan.steps())
        .extracting(DeliveryRecovery.Step::decision)
        .containsExactly(
            DeliveryRecovery.Decision.UNRECOVERABLE, DeliveryRecovery.Decision.REDELIVER);
    assertThat(plan.missedSince()).isEqualTo(oldCheckpoint);
  }

  @Test
  void aBudgetBelowOneIsRefused() {
    assertThatThrownBy(() -> new DeliveryRecovery(0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** GitHub as a list of deliveries; a redelivery adds a successful attempt, or is refused. */
  private final class ListedDeliveries implements HookDeliveryPort {
    final List<HookDelivery> deliveries = new ArrayList<>();
    final List<String> asked = new ArrayList<>();
    GitHubWriteException.Kind refuse;
    int redeliveryStatus = 202;

    int pagesRead;

    /** Two deliveries a page, newest first. */
    @Override
    public DeliveryPage deliveries(String page) {
      pagesRead++;
      List<HookDelivery> newestFirst = new ArrayList<>(deliveries);
      java.util.Collections.reverse(newestFirst);
      int from = page == null ? 0 : Integer.parseInt(page);
      int to = Math.min(newestFirst.size(), from + 2);
      return new DeliveryPage(
          newestFirst.subList(from, to), to < newestFirst.size() ? String.valueOf(to) : null);
    }

    @Override
    public void redeliver(HookDelivery delivery) throws GitHubWriteException {
      if (refuse != null) {
        throw new GitHubWriteException(refuse, null, "refused", null);
      }
      asked.add(delivery.guid());
      deliveries.add(
          new HookDelivery(
              ids++, delivery.guid(), NOW, true, redeliveryStatus, delivery.event(), null, 7L));
    }
  }

  private static final class MemoryStore implements RecoveryStateStore {
    RecoveryState saved = RecoveryState.NONE;

    @Override
    public RecoveryState load() {
      return saved;
    }

    @Override
    public void save(RecoveryState state) {
      saved = state;
    }
  }

  @Test
  void aPassAsksOnceAndARestartedRecovererDoesNotAskAgain() throws Exception {
    ListedDeliveries github = new ListedDeliveries();
    github.deliveries.addAll(
        List.of(
            delivery("a", Duration.ofMinutes(5), 0), delivery("ok", Duration.ofMinutes(4), 200),
            delivery("b", Duration.ofMinutes(3), 502), delivery("c", Duration.ofMinutes(2), 503)));
    MemoryStore store = new MemoryStore();

    DeliveryRecoverer.Outcome first = recoverer(github, store, 2, RequestBudget.UNLIMITED).pass();
    DeliveryRecoverer restarted = recoverer(github, store, 2, RequestBudget.UNLIMITED);
    DeliveryRecoverer.Outcome second = restarted.pass();
    DeliveryRecoverer.Outcome third = restarted.pass();

    assertThat(github.asked).containsExactly("a", "b", "c");
    assertThat(List.of(first, second, third))
        .extracting(DeliveryRecoverer.Outcome::redelivered)
        .containsExactly(2, 1, 0);
    assertThat(List.of(first, second, third))
        .as("GitHub's 2xx redeliveries seen in the next pass, each once")
        .extracting(DeliveryRecoverer.Outcome::recovered)
        .containsExactly(0, 2, 1);
  }

  @Test
  void aRefusedRedeliveryIsCountedAndNotAskedAgainWhileAnUnavailableGitHubKeepsItForTheNextPass()
      throws Exception {
    ListedDeliveries github = new ListedDeliveries();
    github.deliveries.add(delivery("a", Duration.ofMinutes(5), 0));
    MemoryStore store = new MemoryStore();
    DeliveryRecoverer recoverer = recoverer(github, store, 5, RequestBudget.UNLIMITED);

    github.refuse = GitHubWriteException.Kind.UNAVAILABLE;
    assertThatThrownBy(recoverer::pass).isInstanceOf(GitHubWriteException.class);
    assertThat(store.saved.asked()).isEmpty();

    github.refuse = GitHubWriteException.Kind.REJECTED;
    assertThat(recoverer.pass()).isEqualTo(new DeliveryRecoverer.Outcome(0, 0, 1, 0));
    github.refuse = null;
    assertThat(recoverer.pass()).isEqualTo(new DeliveryRecoverer.Outcome(0, 0, 0, 0));
    assertThat(github.asked).isEmpty();
  }

  @Test
  void aRedeliveryTheEndpointKeepsRefusingIsAskedForThreeTimesThenGivenUp() throws Exception {
    ListedDeliveries github = new ListedDeliveries();
    github.deliveries.add(delivery("a", Duration.ofMinutes(5), 0));
    github.redeliveryStatus = 400;
    DeliveryRecoverer recoverer = recoverer(github, new MemoryStore(), 5, RequestBudget.UNLIMITED);

    List<DeliveryRecoverer.Outcome> passes =
        List.of(
            recoverer.pass(),
            recoverer.pass(),
            recoverer.pass(),
            recoverer.pass(),
            recoverer.pass());

    assertThat(passes)
        .containsExactly(
            new DeliveryRecoverer.Outcome(1, 0, 0, 0),
            new DeliveryRecoverer.Outcome(1, 0, 0, 0),
            new DeliveryRecoverer.Outcome(1, 0, 0, 0),
            new DeliveryRecoverer.Outcome(0, 0, 1, 0),
            new DeliveryRecoverer.Outcome(0, 0, 0, 0));
    assertThat(github.asked).containsExactly("a", "a", "a");
  }

  @Test
  void aRedeliveryToAnEndpointThatStaysDownIsAskedForOnEveryPassAndRecoveredWhenItIsBack()
      throws Exception {
    ListedDeliveries github = new ListedDeliveries();
    github.deliveries.add(delivery("a", Duration.ofMinutes(5), 0));
    github.redeliveryStatus = 503;
    DeliveryRecoverer recoverer = recoverer(github, new MemoryStore(), 5, RequestBudget.UNLIMITED);

    List<DeliveryRecoverer.Outcome> whileDown = new ArrayList<>();
    for (int pass = 0; pass < 5; pass++) {
      whileDown.add(recoverer.pass());
    }
    github.redeliveryStatus = 202;
    recoverer.pass();
    DeliveryRecoverer.Outcome back = recoverer.pass();

    assertThat(whileDown).containsOnly(new DeliveryRecoverer.Outcome(1, 0, 0, 0));
    assertThat(github.asked).hasSize(6).containsOnly("a");
    assertThat(back.recovered()).isEqualTo(1);
  }

  @Test
  void aSpentRequestBudgetEndsThePassAndTheRestFollowsOldestFirstInLaterPasses() throws Exception {
    ListedDeliveries github = new ListedDeliveries();
    for (int i = 0; i < 5; i++) {
      github.deliveries.add(delivery("failed-" + i, Duration.ofMinutes(10 - i), 0));
    }
    MemoryStore store = new MemoryStore();
    int[] allowed = {4};
    RequestBudget budget = () -> allowed[0]-- > 0;

    DeliveryRecoverer.Outcome first = recoverer(github, store, 20, budget).pass();
    allowed[0] = 1;
    DeliveryRecoverer.Outcome listOnly = recoverer(github, store, 20, budget).pass();
    allowed[0] = 100;
    DeliveryRecoverer.Outcome last = recoverer(github, store, 20, budget).pass();

    // Three pages of two make the list; the fourth request is the oldest failure's redelivery.
    assertThat(first).isEqualTo(new DeliveryRecoverer.Outcome(1, 0, 0, 0, true));
    assertThat(listOnly).isEqualTo(new DeliveryRecoverer.Outcome(0, 0, 0, 0, true));
    assertThat(last.redelivered()).isEqualTo(4);
    assertThat(github.asked)
        .containsExactly("failed-0", "failed-1", "failed-2", "failed-3", "failed-4");
  }

  private static DeliveryRecoverer recoverer(
      HookDeliveryPort github, RecoveryStateStore store, int perPass, RequestBudget budget) {
    return new DeliveryRecoverer(
        WatchedHook.APP,
        github,
        store,
        new DeliveryRecovery(perPass),
        budget,
        CLOCK,
        DeliveryRecoverer.Listener.NONE);
  }
}
