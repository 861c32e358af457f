package dev.slipway.runner.k8s;

import dev.slipway.runner.domain.Sha256;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One of the runner's two kinds of Job, told apart by their names' prefix and by the label and the
 * annotation that carry the id of the run or release. Label values are limited to 63 characters of
 * a narrower alphabet ({@link JobSpecFactory#labelValue}); the annotation holds the id as given.
 */
record JobKind(String namePrefix, String idLabel, String idAnnotation) {

  static final JobKind RUN = new JobKind("slipway-run-", "slipway.run-id", "slipway.dev/run-id");

  static final JobKind RELEASE_BUILD =
      new JobKind("slipway-build-", "slipway.release-id", "slipway.dev/release-id");

  private static final int MAX_NAME_LENGTH = 63;
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

  /**
   * The name of {@code id}'s Job: the prefix and the id. Job names must be DNS labels, since each
   * of its Pods carries it in a label; an id that is not one (capitals, dots, too long) is named by
   * its hash instead.
   */
  String jobName(String id) {
    if (id.length() <= MAX_NAME_LENGTH - namePrefix.length() && DNS_LABEL.matcher(id).matches()) {
      return namePrefix + id;
    }
    return namePrefix + Sha256.hex(id).substring(0, 40);
  }

  /** The annotation that holds {@code id} as given, on the Job and on what belongs to it. */
  Map<String, String> annotations(String id) {
    return Map.of(idAnnotation, id);
  }
}
