package dev.slipway.ops.domain;

import java.util.Locale;

/**
 * Which events {@code events tail} shows.
 *
 * @param repository {@code owner/repo}, or null for all
 * @param type a CloudEvents type ({@code dev.slipway.task.planned}) or an event's class name
 *     ({@code TaskPlanned}, any case), or null for all
 */
public record TailFilter(String repository, String type) {

  public boolean shows(TracedEvent event) {
    return (repository == null || repository.equals(event.repository()))
        && (type == null
            || type.equals(event.type())
            || type.toLowerCase(Locale.ROOT).equals(event.name().toLowerCase(Locale.ROOT)));
  }
}
