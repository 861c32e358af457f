package dev.slipway.platform.organisations;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One GitHub organisation (or user account) Slipway serves, as the platform team configured it.
 *
 * @param name the owner's login, as in {@code owner/repo}
 * @param webhookSecrets secrets its deliveries may be signed with (a hook's, or a GitHub App's)
 * @param credentials how Slipway acts on GitHub and reads its repositories
 * @param repositories names or globs ({@code *}, {@code svc-*}) of the repositories it serves
 * @param datacenters datacenters its releases may deploy to; empty for every datacenter
 * @param registryNamespace the registry folder its release images are pushed under
 * @param writeBudget its share of the GitHub write budget
 * @param limits what one organisation may take of the platform
 * @param secretRules secrets given only to some trusted runs, by secret name
 */
public record Organisation(
    String name,
    List<String> webhookSecrets,
    GitHubCredentials credentials,
    List<String> repositories,
    List<String> datacenters,
    String registryNamespace,
    WriteBudget writeBudget,
    Limits limits,
    Map<String, SecretRule> secretRules) {

  /** The name under which the one organisation of a setup without an organisations file runs. */
  public static final String ANY_OWNER = "*";

  public Organisation {
    webhookSecrets = List.copyOf(webhookSecrets);
    repositories = List.copyOf(repositories);
    datacenters = List.copyOf(datacenters);
    secretRules = Map.copyOf(secretRules);
  }

  /** Everything but the secrets: an organisation may be logged. */
  @Override
  public String toString() {
    return "Organisation[name="
        + name
        + ", webhookSecrets="
        + webhookSecrets.size()
        + " hidden, credentials="
        + credentials
        + ", repositories="
        + repositories
        + ", datacenters="
        + datacenters
        + ", registryNamespace="
        + registryNamespace
        + ", writeBudget="
        + writeBudget
        + ", limits="
        + limits
        + ", secretRules="
        + secretRules
        + "]";
  }

  /** Content-creating GitHub requests this organisation's reports may make. */
  public record WriteBudget(int perMinute, int perHour) {}

  /**
   * @param concurrentRuns runs of this organisation's repositories that may run at once; the others
   *     wait queued
   * @param maxTaskTimeout the longest timeout a task may ask for; longer ones are cut to it
   */
  public record Limits(int concurrentRuns, Duration maxTaskTimeout) {}

  /** Which trusted runs get a secret that has a rule. */
  public enum SecretRule {
    /** Every trusted run: pushes, and pull requests from branches of the repository itself. */
    TRUSTED_RUNS,
    /** Only pushes to the repository's default branch. */
    DEFAULT_BRANCH;

    /** The rule as the configuration writes it: {@code trusted-runs}, {@code default-branch}. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Whether it serves {@code repository} ({@code owner/repo} or the bare name). */
  public boolean allows(String repository) {
    String name = repository.substring(repository.indexOf('/') + 1);
    return repositories.stream().anyMatch(glob -> globMatches(glob, name));
  }

  /** Whether its releases may deploy to {@code datacenter}. */
  public boolean allowsDatacenter(String datacenter) {
    return datacenters.isEmpty() || datacenters.contains(datacenter);
  }

  /** The rule of a secret; secrets without one go to every trusted run. */
  public SecretRule ruleOf(String secretName) {
    return secretRules.getOrDefault(secretName, SecretRule.TRUSTED_RUNS);
  }

  /** Whether this is the catch-all organisation of a setup without an organisations file. */
  public boolean isAnyOwner() {
    return ANY_OWNER.equals(name);
  }

  private static boolean globMatches(String glob, String name) {
    String regex =
        Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(name).matches();
  }
}
