package dev.slipway.reporter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The reporter's own state ({@code slipway.reporter.*}). */
@ConfigMapping(prefix = "slipway.reporter")
public interface ReporterSettings {

  /** Directory of the status journal; must survive restarts (a persistent volume on Kubernetes). */
  @WithDefault("status-reporter-state")
  Path stateDir();

  /**
   * How long a written status is remembered; an event older than this that is read again is written
   * again.
   */
  @WithDefault("336h")
  Duration stateRetention();

  /**
   * A pull request's {@code slipway/config} pending is written straight from its webhook only when
   * the webhook is read within this time of its arrival; after an outage the outcome follows soon
   * enough.
   */
  @WithDefault("10m")
  Duration webhookPendingMaxAge();

  DeliveryRecovery deliveryRecovery();

  Commands commands();

  /** Pull-request commands and the approval of forks ({@code slipway.reporter.commands.*}). */
  interface Commands {

    /**
     * How long GitHub's answer whether someone is a member of an organisation is used before it is
     * asked again.
     */
    @WithDefault("10m")
    Duration membershipCache();
  }

  GitCredentials credentials();

  /**
   * Handing each organisation's git token to the task-compiler and the runner through the
   * credentials folder ({@code slipway.credentials.dir}; {@code slipway.reporter.credentials.*}).
   */
  interface GitCredentials {

    /**
     * An App's installation token is renewed once less than this share of its life (0 to 1) is
     * left: with GitHub's hour, after 40 minutes.
     */
    @WithDefault("0.33")
    double renewWhenLeft();

    /** How often the tokens are checked for renewal and written when they changed. */
    @WithDefault("1m")
    Duration checkInterval();
  }

  /**
   * Redelivering the webhooks that GitHub could not deliver ({@code
   * slipway.reporter.delivery-recovery.*}).
   */
  interface DeliveryRecovery {

    /** Off: no hook is watched, whatever the settings below say. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The GitHub App's hook. Unset: watched when the reporter has GitHub App credentials, which its
     * endpoints need.
     */
    Optional<Boolean> appHook();

    /**
     * Organisation hooks as {@code org:hook-id}, comma-separated; the token needs {@code
     * admin:org_hook}.
     */
    Optional<List<String>> organizationHooks();

    /**
     * Repository hooks as {@code owner/repo:hook-id}, comma-separated; the token needs admin rights
     * on the repository.
     */
    Optional<List<String>> repositoryHooks();

    /** Pause between passes; the first runs at start. */
    @WithDefault("1m")
    Duration interval();

    /**
     * Redelivery requests per pass at most; after a long outage the rest follow in later passes.
     */
    @WithDefault("20")
    int perPass();
  }
}
