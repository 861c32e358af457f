package dev.slipway.reporter.config;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.platform.organisations.CredentialsFolder;
import dev.slipway.platform.organisations.GitHubCredentials;
import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import dev.slipway.platform.organisations.OrganisationsFile;
import dev.slipway.platform.workers.Supervisor;
import dev.slipway.reporter.domain.CommitState;
import dev.slipway.reporter.domain.DesiredStatus;
import dev.slipway.reporter.domain.PerOrganisation;
import dev.slipway.reporter.domain.Progress;
import dev.slipway.reporter.domain.StatusKey;
import dev.slipway.reporter.github.OrganisationClient;
import dev.slipway.reporter.github.TestKeys;
import dev.slipway.reporter.rest.OrganisationsResource;
import dev.slipway.testsupport.github.FakeGitHub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Organisations with the real github-api client against the fake GitHub: each writes with its own
 * credentials within its own budget, an App's installation token reaches the credentials folder and
 * is renewed, and refused credentials are reported once.
 */
class OrganisationsAgainstFakeGitHubIT {

  private static final String SHA = "4f2a9c1e0d3b5a6978877665544332211ffeeddc";
  private static final List<String> TASKS = List.of("lint", "unit", "e2e", "docs", "build");

  @TempDir Path stateDir;
  @TempDir Path credentialsDir;

  private final FakeGitHub fake = FakeGitHub.start();
  private final Supervisor supervisor =
      new Supervisor(Duration.ofMillis(50), Duration.ofMillis(200), Supervisor.Listener.NONE);
  private final AtomicReference<Organisations> configured = new AtomicReference<>();
  private final List<String> credentialLog = new CopyOnWriteArrayList<>();
  private final Handler logged =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          // The message, and its arguments when the logging backend formats it later.
          credentialLog.add(
              record.getLevel()
                  + " "
                  + record.getMessage()
                  + " "
                  + Arrays.toString(record.getParameters()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private OrganisationReporterFactory factory;
  private OrganisationReporters organisations;

  @AfterEach
  void stop() throws Exception {
    Logger.getLogger(OrganisationClient.class.getName()).removeHandler(logged);
    supervisor.close();
    factory.close();
    fake.close();
  }

  @Test
  void twoOrganisationsWriteWithTheirOwnTokensAndOneOutOfBudgetHoldsNoneBackOfTheOther()
      throws Exception {
    start(
        0.33,
        organisation("acme", token("ghp_acme"), 2),
        organisation("globex", token("ghp_globex"), 80));

    for (String task : TASKS) {
      report("acme/shop", task);
      report("globex/web", task);
    }

    await().until(() -> fake.statuses("globex/web", SHA).size() == TASKS.size());
    OrganisationReporter acme = organisations.of("acme/shop").orElseThrow();
    await().until(() -> acme.reporter().heldBackUntil().isPresent());
    assertThat(fake.statuses("acme/shop", SHA)).as("acme's budget: 2 a minute").hasSize(2);
    assertThat(acme.reporter().pending()).isEqualTo(3);
    assertThat(authorizationsOfStatusWrites("acme/shop")).containsOnly("token ghp_acme");
    assertThat(authorizationsOfStatusWrites("globex/web")).containsOnly("token ghp_globex");
    assertThat(new OrganisationsResource(organisations).organisations())
        .containsExactly(
            new OrganisationsResource.OrganisationStatus("acme", List.of("*"), "token", "ok", 0),
            new OrganisationsResource.OrganisationStatus(
                "globex", List.of("*"), "token", "ok", 75));
  }

  @Test
  void anAppOrganisationHandsGitAnInstallationTokenAndRenewsItBeforeItExpires() throws Exception {
    Path key = TestKeys.pkcs1(TestKeys.generate(), stateDir.resolve("app.pem"));
    fake.installationTokenLifetime(Duration.ofSeconds(4));
    start(0.5, organisation("initech", new GitHubCredentials.App(7, 42, key), 80));
    CredentialsFolder folder = new CredentialsFolder(credentialsDir);
    supervisor.start(
        GitTokenHandOver.NAME,
        () -> new GitTokenHandOver(organisations, folder, Duration.ofMillis(100)));

    await().until(() -> folder.token("initech").isPresent());
    String first = folder.token("initech").orElseThrow();
    report("initech/app", "lint");
    await().until(() -> fake.statuses("initech/app", SHA).size() == 1);

    assertThat(first).startsWith("ghs_fake");
    assertThat(authorizationsOfStatusWrites("initech/app"))
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .startsWith("token ghs_fake");
    assertThat(Files.getPosixFilePermissions(credentialsDir.resolve("initech.token")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !folder.token("initech").orElseThrow().equals(first));
    assertThat(tokenRequests())
        .as("minted with the App's JWT, once and then once more before the first expired")
        .hasSizeGreaterThanOrEqualTo(2)
        .allMatch(request -> request.authorization().startsWith("Bearer "))
        .allMatch(request -> request.path().equals("/app/installations/42/access_tokens"));
    // The fake's expires_at is cut to the second: the first token lived at least 3 seconds.
    Instant firstExpiry = tokenRequests().get(0).time().plus(Duration.ofSeconds(3));
    assertThat(tokenRequests().get(1).time()).isBefore(firstExpiry);
    assertThat(organisations.all().get(0).client().credentialStatus()).isEqualTo("ok");
  }

  @Test
  void refusedCredentialsAreReportedOnceAndHoldNoOtherOrganisationBack() throws Exception {
    Logger.getLogger(OrganisationClient.class.getName()).addHandler(logged);
    fake.refuseToken("ghp_revoked");
    Path unreadable = Files.writeString(stateDir.resolve("broken.pem"), "not a key");
    start(
        0.33,
        organisation("acme", token("ghp_revoked"), 80),
        organisation("globex", token("ghp_globex"), 80),
        organisation("initech", new GitHubCredentials.App(7, 42, unreadable), 80));
    assertThat(statusOf("acme")).isEqualTo("not checked yet");

    for (String task : TASKS) {
      report("acme/shop", task);
      report("globex/web", task);
      report("initech/app", task);
    }

    await().until(() -> fake.statuses("globex/web", SHA).size() == TASKS.size());
    await().until(() -> statusOf("acme").equals("refused: 401 Bad credentials"));
    await()
        .until(() -> statusOf("initech").startsWith("refused: cannot read the App's private key"));
    await()
        .until(
            () ->
                fake.requests().stream()
                        .filter(request -> "token ghp_revoked".equals(request.authorization()))
                        .count()
                    >= 3);
    assertThat(statusOf("globex")).isEqualTo("ok");
    assertThat(organisations.of("acme/shop").orElseThrow().reporter().pending())
        .as("kept, to be written once the credentials work")
        .isEqualTo(TASKS.size());
    assertThat(credentialLog.stream().filter(line -> line.contains("acme")))
        .as("logged once, not on every write it refused")
        .hasSize(1);
    assertThat(credentialLog.stream().filter(line -> line.contains("initech"))).hasSize(1);
    assertThat(credentialLog).noneMatch(line -> line.contains("ghp_revoked"));

    // The platform team fixes the file: the same reporter writes what it kept, with the new token.
    configured.set(
        new Organisations(
            List.of(
                organisation("acme", token("ghp_acme"), 80),
                organisation("globex", token("ghp_globex"), 80),
                organisation("initech", new GitHubCredentials.App(7, 42, unreadable), 80))));
    // What the reporter's organisations-refresh worker does every check interval.
    organisations.all();
    await().until(() -> fake.statuses("acme/shop", SHA).size() == TASKS.size());
    assertThat(statusOf("acme")).isEqualTo("ok");
    assertThat(
            fake.statusWrites().stream()
                .filter(request -> request.path().startsWith("/repos/acme/shop/"))
                .filter(request -> request.status() == 201)
                .map(FakeGitHub.Request::authorization))
        .containsOnly("token ghp_acme");
  }

  @Test
  void withoutAnOrganisationsFileTheTokenIsHandedOverForEveryOwnerServed() throws Exception {
    start(
        0.33,
        Organisations.anyOwner(
            List.of("secret"), token("ghp_any"), new Organisation.WriteBudget(80, 500)));
    CredentialsFolder folder = new CredentialsFolder(credentialsDir);
    supervisor.start(
        GitTokenHandOver.NAME,
        () -> new GitTokenHandOver(organisations, folder, Duration.ofMinutes(10)));

    report("acme/shop", "lint");
    report("Globex/web", "lint");

    await().until(() -> folder.token("acme").isPresent() && folder.token("globex").isPresent());
    assertThat(folder.token("acme")).contains("ghp_any");
    assertThat(folder.token("globex")).contains("ghp_any");
    assertThat(folder.token("initech")).as("served nothing yet").isEmpty();
  }

  private void start(double renewWhenLeft, Organisation... configuredOrganisations) {
    configured.set(new Organisations(List.of(configuredOrganisations)));
    factory =
        new OrganisationReporterFactory(
            new OrganisationReporterFactory.Shared(
                fake.url(),
                stateDir,
                Duration.ofDays(1),
                Duration.ofMillis(50),
                Duration.ofMillis(200),
                renewWhenLeft,
                Clock.systemUTC()),
            new ReporterMetrics(new SimpleMeterRegistry()),
            supervisor::start);
    organisations = new OrganisationReporters(new PerOrganisation<>(configured::get, factory));
  }

  private void report(String repository, String task) throws Exception {
    organisations
        .reporterFor(repository)
        .orElseThrow()
        .report(
            new DesiredStatus(
                new StatusKey(repository, SHA, "slipway/" + task),
                CommitState.SUCCESS,
                "passed in 3s",
                null,
                repository + "-" + task,
                Progress.FINISHED,
                Instant.now(),
                "delivery-1"));
  }

  private String statusOf(String organisation) {
    return organisations.of(organisation).orElseThrow().client().credentialStatus();
  }

  private List<String> authorizationsOfStatusWrites(String repository) {
    return fake.statusWrites().stream()
        .filter(request -> request.path().startsWith("/repos/" + repository + "/"))
        .map(FakeGitHub.Request::authorization)
        .toList();
  }

  private List<FakeGitHub.Request> tokenRequests() {
    return fake.requests().stream()
        .filter(request -> request.path().endsWith("/access_tokens"))
        .toList();
  }

  private static GitHubCredentials token(String token) {
    return new GitHubCredentials.Token(token);
  }

  private static Organisation organisation(
      String name, GitHubCredentials credentials, int perMinute) {
    return new Organisation(
        name,
        List.of("secret"),
        credentials,
        List.of("*"),
        List.of(),
        name,
        new Organisation.WriteBudget(perMinute, 500),
        OrganisationsFile.DEFAULT_LIMITS,
        Map.of());
  }
}
