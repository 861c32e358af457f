package dev.slipway.compiler.domain;

import dev.slipway.events.PullRequestCommand;
import dev.slipway.events.WebhookEvent;
import dev.slipway.events.WebhookReceived;

/**
 * What the compiler reads of any event on {@code slipway.webhook}, whichever its type: a delivery
 * from GitHub or a pull-request command the status-reporter checked.
 */
public final class WebhookEvents {

  private WebhookEvents() {}

  /** {@code owner/repo}. */
  public static String repository(WebhookEvent event) {
    return event instanceof PullRequestCommand command
        ? command.repository()
        : delivery(event).repository();
  }

  /** The commit the event is about, null when none. */
  public static String headSha(WebhookEvent event) {
    if (event instanceof PullRequestCommand command) {
      return command.pullRequest() == null ? null : command.pullRequest().headSha();
    }
    return delivery(event).headSha();
  }

  /** The pull request the event is about, null when none. */
  public static Integer pullRequestNumber(WebhookEvent event) {
    if (event instanceof PullRequestCommand command) {
      return command.pullRequest() == null ? null : command.pullRequest().number();
    }
    return delivery(event).pullRequestNumber();
  }

  /**
   * What the ids of the event's cancellations and rejections derive from: the delivery id, or the
   * command's id, each stable when the event is delivered again.
   */
  public static String id(WebhookEvent event) {
    return event instanceof PullRequestCommand command
        ? command.commandId()
        : delivery(event).deliveryId();
  }

  /** {@code delivery=<id>} or {@code command=<id>}, for the log. */
  public static String origin(WebhookEvent event) {
    return (event instanceof PullRequestCommand ? "command=" : "delivery=") + id(event);
  }

  /** The event as a delivery: on {@code slipway.webhook}, what is not a command is one. */
  private static WebhookReceived delivery(WebhookEvent event) {
    return (WebhookReceived) event;
  }
}
