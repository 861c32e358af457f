package dev.slipway.gateway.domain;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names a log line was written about, so it is written once per name. Bounded: the names come from
 * deliveries, and a sender can make up any number of them; past the bound the oldest are forgotten
 * (and may be reported again).
 */
final class ReportedNames {

  private final Map<String, Boolean> reported;

  ReportedNames(int capacity) {
    this.reported =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Whether {@code name} (in any case, as GitHub logins are) was not reported before. */
  synchronized boolean firstTime(String name) {
    return reported.put(name.toLowerCase(Locale.ROOT), Boolean.TRUE) == null;
  }
}
