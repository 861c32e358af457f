package dev.slipway.events;

/**
 * An event that moves one release on after its request, on whichever topic it travels: the
 * compiler's skip, the coordinator's verdicts, the release build, the image push and the rollouts.
 * Lets a reader of several topics tell the release and its commit without knowing each event.
 */
public interface ReleaseProgress {

  String releaseId();

  String repository();

  String tag();

  /** The tag's commit. */
  String sha();
}
