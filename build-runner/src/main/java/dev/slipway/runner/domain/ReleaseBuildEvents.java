package dev.slipway.runner.domain;

import dev.slipway.events.Envelope;
import dev.slipway.events.ImagePushed;
import dev.slipway.events.ReleaseBuildStateChanged;

/**
 * Where a release build's events go, each caused by the admission being handled, with the id given.
 */
public interface ReleaseBuildEvents {

  /** On {@code slipway.build-job}; durable when it returns. */
  void buildChanged(Envelope<?> cause, String eventId, ReleaseBuildStateChanged event);

  /** On {@code slipway.image-pushed}; durable when it returns. */
  void imagePushed(Envelope<?> cause, String eventId, ImagePushed event);
}
