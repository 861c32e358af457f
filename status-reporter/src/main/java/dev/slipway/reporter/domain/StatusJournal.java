package dev.slipway.reporter.domain;

import java.io.IOException;
import java.util.Map;

/**
 * Durable memory of the reporter: which status it accepted and which it wrote, per commit and
 * context. Each method returns only once its record is durable.
 */
public interface StatusJournal {

  /** What the journal holds: per key, the last accepted and the last written (or dropped) status. */
  record Contents(Map<StatusKey, DesiredStatus> accepted, Map<StatusKey, DesiredStatus> settled) {}

  Contents load() throws IOException;

  void accepted(DesiredStatus status) throws IOException;

  /** The status was written to GitHub, or GitHub refused it for good: either way it is done. */
  void settled(DesiredStatus status) throws IOException;
}
