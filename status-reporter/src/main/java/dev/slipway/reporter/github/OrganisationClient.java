package dev.slipway.reporter.github;

import dev.slipway.platform.organisations.GitHubCredentials;
import dev.slipway.reporter.domain.CredentialCheck;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.authorization.AuthorizationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One organisation's way to GitHub: a github-api client that presents the organisation's current
 * credentials (its token, or an installation token of its App minted and renewed here), the git
 * token handed to the compiler and the runner, and what GitHub last said of the credentials. When
 * the organisations file changes the credentials, the same client presents the new ones from its
 * next request.
 */
public final class OrganisationClient {

  private static final Logger LOG = LoggerFactory.getLogger(OrganisationClient.class);

  private final String organisation;
  private final String apiUrl;
  private final Clock clock;
  private final double renewWhenLeft;
  private final CredentialCheck check = new CredentialCheck();
  private final GitHub github;
  private final GitHubRepositories repositories;

  private volatile Current current;

  private record Current(GitHubCredentials credentials, InstallationTokens installationTokens) {}

  /**
   * @param renewWhenLeft an App's installation token is renewed once less than this share of its
   *     life is left
   */
  public OrganisationClient(
      String organisation,
      String apiUrl,
      GitHubCredentials credentials,
      Clock clock,
      double renewWhenLeft)
      throws IOException {
    this.organisation = organisation;
    this.apiUrl = apiUrl;
    this.clock = clock;
    this.renewWhenLeft = renewWhenLeft;
    use(credentials);
    this.github = GitHubClients.build(apiUrl, authorization());
    this.repositories = new GitHubRepositories(github, clock, this::refused);
  }

  /**
   * Presents {@code credentials} from the next request on; what GitHub said of the old is reset.
   */
  public void use(GitHubCredentials credentials) {
    current =
        new Current(
            credentials,
            credentials instanceof GitHubCredentials.App app
                ? new InstallationTokens(apiUrl, app, clock, renewWhenLeft)
                : null);
    check.reset();
  }

  /** The library's client, for the organisation's repositories only. */
  public GitHub github() {
    return github;
  }

  /** The client's repository objects and the classification of its failures. */
  public GitHubRepositories repositories() {
    return repositories;
  }

  /** The credential the client presents, for requests sent beside the library. */
  public AuthorizationProvider authorization() {
    return this::encodedAuthorization;
  }

  /**
   * The token git should use for the organisation's repositories: its token, or its App's current
   * installation token (renewed first when due); empty without credentials.
   *
   * @throws IOException GitHub could not mint one (the refusal is recorded and logged once)
   */
  public Optional<String> gitToken() throws IOException {
    Current now = current;
    if (now.credentials() instanceof GitHubCredentials.Token token) {
      return Optional.of(token.token());
    }
    if (now.installationTokens() != null) {
      return Optional.of(installationToken(now));
    }
    return Optional.empty();
  }

  /** {@code token}, {@code app} or {@code none}: never the credential itself. */
  public String credentialKind() {
    GitHubCredentials credentials = current.credentials();
    if (credentials instanceof GitHubCredentials.Token) {
      return "token";
    }
    return credentials instanceof GitHubCredentials.App ? "app" : "none";
  }

  /** {@code ok}, {@code refused: <GitHub's message>} or {@code not checked yet}. */
  public String credentialStatus() {
    return check.status();
  }

  /** GitHub took a request made with the credentials. */
  public void accepted() {
    if (check.accepted()) {
      LOG.info("GitHub accepts the credentials of organisation {} again", organisation);
    }
  }

  private void refused(String reason) {
    if (check.refused(reason)) {
      LOG.error(
          "GitHub refuses the {} credentials of organisation {}: {}; its statuses wait until they"
              + " work (see GET /organisations)",
          credentialKind(),
          organisation,
          reason);
    }
  }

  private String encodedAuthorization() throws IOException {
    Current now = current;
    if (now.credentials() instanceof GitHubCredentials.Token token) {
      return "token " + token.token();
    }
    if (now.installationTokens() != null) {
      return "token " + installationToken(now);
    }
    return null;
  }

  private String installationToken(Current now) throws IOException {
    try {
      String token = now.installationTokens().current().token();
      accepted();
      return token;
    } catch (CredentialsRefusedException e) {
      refused(e.getMessage());
      throw e;
    }
  }
}
