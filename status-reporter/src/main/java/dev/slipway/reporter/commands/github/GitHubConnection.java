package dev.slipway.reporter.commands.github;

import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * The GitHub API and credential that answer for a repository: the organisation's own, once the
 * reporter keeps a client per organisation.
 *
 * @param apiUrl the REST API's base URL, e.g. {@code https://api.github.com}
 * @param authorization the credential (a token, an App installation's, or none)
 */
public record GitHubConnection(String apiUrl, AuthorizationProvider authorization) {}
