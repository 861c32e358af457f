package dev.slipway.reporter.domain;

import static dev.slipway.reporter.domain.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.events.RunState;
import dev.slipway.platform.organisations.GitHubCredentials;
import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import dev.slipway.platform.organisations.OrganisationsFile;
import dev.slipway.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing statuses to the organisation of their repository's owner, and each organisation's write
 * budget, with a clock that moves only when the test says.
 */
class PerOrganisationTest {

  private static final String SHA = "4f2a9c1e0d3b5a6978877665544332211ffeeddc";

  @TempDir Path stateDir;

  private final MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(1)));
  private final AtomicReference<Organisations> configured = new AtomicReference<>();
  private final Map<String, RecordingPort> github = new HashMap<>();
  private final List<String> made = new ArrayList<>();
  private final List<String> changed = new ArrayList<>();
  private final List<StatusReporter> reporters = new ArrayList<>();

  private final PerOrganisation<StatusReporter> organisations =
      new PerOrganisation<>(
          configured::get,
          new PerOrganisation.Factory<>() {
            @Override
            public StatusReporter create(Organisation organisation) {
              made.add(organisation.name());
              return reporterOf(organisation);
            }

            @Override
            public void changed(StatusReporter reporter, Organisation organisation) {
              changed.add(organisation.name());
              reporter.limitTo(
                  WriteBudget.minuteAndHour(
                      organisation.writeBudget().perMinute(),
                      organisation.writeBudget().perHour()));
            }
          });

  @AfterEach
  void close() throws Exception {
    for (StatusReporter reporter : reporters) {
      reporter.close();
    }
  }

  @Test
  void aRepositoryGoesToTheOrganisationOfItsOwnerMadeOnceWhenFirstNeeded() {
    configured.set(
        new Organisations(List.of(organisation("acme", 80), organisation("globex", 80))));

    StatusReporter acme = organisations.forRepository("acme/shop").orElseThrow();

    assertThat(made).containsExactly("acme");
    assertThat(organisations.forRepository("ACME/web")).containsSame(acme);
    assertThat(organisations.forRepository("acme")).containsSame(acme);
    assertThat(organisations.forRepository("globex/web").orElseThrow()).isNotSameAs(acme);
    assertThat(organisations.forRepository("initech/app")).as("not configured").isEmpty();
    assertThat(made).containsExactly("acme", "globex");
    assertThat(organisations.all()).hasSize(2);
    assertThat(made).as("all() makes none twice").hasSize(2);
  }

  @Test
  void withoutAnOrganisationsFileOneOrganisationServesEveryOwner() {
    configured.set(
        new Organisations(
            List.of(
                Organisations.anyOwner(
                    List.of("s"),
                    new GitHubCredentials.None(),
                    new Organisation.WriteBudget(80, 500)))));

    StatusReporter any = organisations.forRepository("acme/shop").orElseThrow();

    assertThat(organisations.forRepository("globex/web")).containsSame(any);
    assertThat(made).containsExactly("*");
  }

  @Test
  void oneOrganisationOutOfBudgetDoesNotHoldBackAnother() throws Exception {
    configured.set(new Organisations(List.of(organisation("acme", 2), organisation("globex", 80))));

    for (String task : List.of("lint", "unit", "e2e", "docs", "build")) {
      report("acme/shop", task);
      report("globex/web", task);
    }

    await().until(() -> github.get("globex").writes().size() == 5);
    StatusReporter acme = organisations.forRepository("acme/shop").orElseThrow();
    await().until(() -> acme.heldBackUntil().isPresent());
    assertThat(github.get("acme").writes()).hasSize(2);
    assertThat(acme.pending()).isEqualTo(3);
    assertThat(acme.writesAllowedNow()).isZero();
    assertThat(acme.heldBackUntil()).contains(clock.instant().plus(Duration.ofMinutes(1)));
    assertThat(organisations.forRepository("globex/web").orElseThrow().writesAllowedNow())
        .isEqualTo(75);

    clock.advance(Duration.ofMinutes(1));
    // The writer waits in real time for the minute the clock skipped; a change of its budget that
    // leaves the minute's limit as it was wakes it.
    configured.set(
        new Organisations(List.of(organisation("acme", 2, 400), organisation("globex", 80))));
    organisations.all();

    await().until(() -> github.get("acme").writes().size() == 4);
    assertThat(acme.pending()).isEqualTo(1);
  }

  @Test
  void aChangedBudgetAppliesFromNowOnToTheSameReporter() throws Exception {
    configured.set(new Organisations(List.of(organisation("acme", 1))));
    report("acme/shop", "lint");
    report("acme/shop", "unit");
    StatusReporter acme = organisations.forRepository("acme/shop").orElseThrow();
    await().until(() -> acme.heldBackUntil().isPresent());
    assertThat(github.get("acme").writes()).hasSize(1);

    configured.set(new Organisations(List.of(organisation("acme", 10))));

    assertThat(organisations.forRepository("acme/shop")).containsSame(acme);
    assertThat(changed).containsExactly("acme");
    await().until(() -> github.get("acme").writes().size() == 2);
    assertThat(acme.writesAllowedNow()).isEqualTo(8);
    organisations.all();
    assertThat(changed).as("told once per change").containsExactly("acme");
    assertThat(made).containsExactly("acme");
  }

  private void report(String repository, String task) throws Exception {
    Instant at = clock.instant();
    organisations
        .forRepository(repository)
        .orElseThrow()
        .report(Events.status(Events.run(repository, SHA, task, RunState.SUCCEEDED, at)));
  }

  private StatusReporter reporterOf(Organisation organisation) {
    try {
      RecordingPort port = new RecordingPort();
      github.put(organisation.name(), port);
      StatusReporter reporter =
          new ReporterBuilder(stateDir.resolve(organisation.name()))
              .commits(port)
              .budget(
                  WriteBudget.perMinuteAndHour(
                      organisation.writeBudget().perMinute(), organisation.writeBudget().perHour()))
              .clock(clock)
              .started();
      reporters.add(reporter);
      return reporter;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Organisation organisation(String name, int perMinute) {
    return organisation(name, perMinute, 500);
  }

  private static Organisation organisation(String name, int perMinute, int perHour) {
    return new Organisation(
        name,
        List.of("secret"),
        new GitHubCredentials.Token("ghp_" + name),
        List.of("*"),
        List.of(),
        name,
        new Organisation.WriteBudget(perMinute, perHour),
        OrganisationsFile.DEFAULT_LIMITS,
        Map.of());
  }
}
