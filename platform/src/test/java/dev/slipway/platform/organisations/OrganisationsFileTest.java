package dev.slipway.platform.organisations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrganisationsFileTest {

  @TempDir Path folder;

  @BeforeEach
  void secretFiles() throws IOException {
    Files.createDirectories(folder.resolve("acme"));
    Files.writeString(folder.resolve("acme/webhook-secret"), "acme-hook\n");
    Files.writeString(folder.resolve("acme/github-token"), "ghp_acme\n");
    Files.writeString(folder.resolve("app.pem"), "-----BEGIN RSA PRIVATE KEY-----\n");
  }

  @Test
  void readsEveryPartOfAnOrganisationWithFilesNamedRelativeToIt() throws Exception {
    Organisations organisations =
        load(
            """
            organisations:
              - name: acme
                webhook-secret-files: [acme/webhook-secret]
                github: {token-file: acme/github-token}
                repositories: [api, "svc-*"]
                datacenters: [dc1]
                registry-namespace: team-acme
                write-budget: {per-minute: 10, per-hour: 100}
                limits: {concurrent-runs: 2, max-task-timeout: 30m}
                secret-rules: {DEPLOY_TOKEN: default-branch}
              - name: widgets
                webhook-secret-files: [acme/webhook-secret]
                github:
                  app: {id: 12, installation-id: 34, private-key-file: app.pem}
            """);

    Organisation acme = organisations.of("ACME/api").orElseThrow();
    assertThat(acme.webhookSecrets()).containsExactly("acme-hook");
    assertThat(acme.credentials()).isEqualTo(new GitHubCredentials.Token("ghp_acme"));
    assertThat(acme.toString()).doesNotContain("ghp_acme").doesNotContain("acme-hook");
    assertThat(acme.allows("acme/api")).isTrue();
    assertThat(acme.allows("acme/svc-billing")).isTrue();
    assertThat(acme.allows("acme/website")).isFalse();
    assertThat(acme.allowsDatacenter("dc1")).isTrue();
    assertThat(acme.allowsDatacenter("dc2")).isFalse();
    assertThat(acme.registryNamespace()).isEqualTo("team-acme");
    assertThat(acme.writeBudget()).isEqualTo(new Organisation.WriteBudget(10, 100));
    assertThat(acme.limits()).isEqualTo(new Organisation.Limits(2, Duration.ofMinutes(30)));
    assertThat(acme.ruleOf("DEPLOY_TOKEN")).isEqualTo(Organisation.SecretRule.DEFAULT_BRANCH);
    assertThat(acme.ruleOf("NPM_TOKEN")).isEqualTo(Organisation.SecretRule.TRUSTED_RUNS);

    Organisation widgets = organisations.of("widgets").orElseThrow();
    assertThat(widgets.credentials())
        .isEqualTo(new GitHubCredentials.App(12, 34, folder.resolve("app.pem")));
    assertThat(widgets.allows("widgets/anything")).isTrue();
    assertThat(widgets.allowsDatacenter("dc9")).isTrue();
    assertThat(widgets.registryNamespace()).isEqualTo("widgets");
    assertThat(widgets.writeBudget()).isEqualTo(OrganisationsFile.DEFAULT_WRITE_BUDGET);
    assertThat(widgets.limits()).isEqualTo(OrganisationsFile.DEFAULT_LIMITS);
    assertThat(organisations.of("someone-else")).isEmpty();
    assertThat(organisations.serving("acme/website")).isEmpty();
  }

  @Test
  void aServiceWithoutSecretsReadsTheRestWithoutTouchingTheSecretFiles() throws Exception {
    Path file = folder.resolve("organisations.yaml");
    Files.writeString(
        file,
        """
        organisations:
          - name: acme
            webhook-secret-files: [not-mounted/webhook-secret]
            github: {token-file: not-mounted/github-token}
            limits: {concurrent-runs: 3}
        """);

    OrganisationsFile.Loaded loaded = OrganisationsFile.load(file, false);

    Organisation acme = loaded.organisations().of("acme").orElseThrow();
    assertThat(acme.webhookSecrets()).isEmpty();
    assertThat(acme.credentials()).isEqualTo(new GitHubCredentials.None());
    assertThat(acme.limits().concurrentRuns()).isEqualTo(3);
    assertThat(loaded.files()).containsExactly(file);
    assertThatThrownBy(() -> OrganisationsFile.load(file, true))
        .hasMessageContaining("not-mounted/webhook-secret cannot be read");
  }

  @Test
  void theCatchAllOrganisationServesOwnersWithoutOneOfTheirOwn() throws Exception {
    Organisations organisations =
        load(
            """
            organisations:
              - name: acme
                webhook-secret-files: [acme/webhook-secret]
                repositories: [api]
              - name: "*"
                webhook-secret-files: [acme/webhook-secret]
            """);

    assertThat(organisations.of("anyone/repo").orElseThrow().isAnyOwner()).isTrue();
    assertThat(organisations.serving("acme/website")).isEmpty();
  }

  @Test
  void everyMistakeSaysWhereItIs() {
    assertRefused("organisations: []", "must list at least one organisation");
    assertRefused(
        "organisations: [{name: acme}]", "organisation acme needs `webhook-secret-files`");
    assertRefused(
        "organisations: [{name: acme, webhook-secret-files: [nope]}]",
        "organisation acme webhook secret file " + folder.resolve("nope") + " cannot be read");
    assertRefused(
        "organisations: [{name: acme, webhook-secret-files: [acme/webhook-secret], repos: [a]}]",
        "organisations[0] has an unknown key `repos`");
    assertRefused(
        "organisations: [{name: 'a/b', webhook-secret-files: [acme/webhook-secret]}]",
        "organisations[0].name `a/b` is not a GitHub login");
    assertRefused(
        """
        organisations:
          - {name: acme, webhook-secret-files: [acme/webhook-secret]}
          - {name: ACME, webhook-secret-files: [acme/webhook-secret]}
        """,
        "names organisation ACME twice");
    assertRefused(
        """
        organisations:
          - name: acme
            webhook-secret-files: [acme/webhook-secret]
            limits: {max-task-timeout: soon}
        """,
        "organisation acme.limits.max-task-timeout `soon` is not a duration");
    assertRefused(
        """
        organisations:
          - name: acme
            webhook-secret-files: [acme/webhook-secret]
            secret-rules: {TOKEN: weekdays}
        """,
        "secret-rules.TOKEN is `weekdays`; use trusted-runs or default-branch");
    assertRefused("organisations: [{name: acme", "is not YAML");
  }

  @Test
  void durationsAreWrittenAsQuarkusOrIsoDoes() {
    assertThat(OrganisationsFile.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(OrganisationsFile.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(OrganisationsFile.parseDuration("PT45M")).isEqualTo(Duration.ofMinutes(45));
  }

  private void assertRefused(String yaml, String problem) {
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(OrganisationsFile.InvalidOrganisationsException.class)
        .hasMessageContaining(problem);
  }

  private Organisations load(String yaml) throws Exception {
    Path file = folder.resolve("organisations.yaml");
    Files.writeString(file, yaml);
    OrganisationsFile.Loaded loaded = OrganisationsFile.load(file);
    assertThat(loaded.files()).first().isEqualTo(file);
    return loaded.organisations();
  }

  static List<String> names(Organisations organisations) {
    return organisations.all().stream().map(Organisation::name).toList();
  }
}
