package dev.slipway.reporter.domain;

/**
 * What one thing GitHub shows is keyed by: a commit status line, or a release's deployment to a
 * datacenter.
 */
public sealed interface ReportKey permits StatusKey, DeploymentKey {

  String repository();
}
