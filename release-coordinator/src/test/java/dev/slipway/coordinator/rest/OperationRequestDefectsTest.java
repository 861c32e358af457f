package dev.slipway.coordinator.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.coordinator.rest.ReleaseOperationResource.OperationRequest;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the operations endpoint refuses before anything is published, with the reason. */
class OperationRequestDefectsTest {

  @Test
  void aWellFormedRequestHasNoDefect() {
    assertThat(
            ReleaseOperationResource.defectOf(
                new OperationRequest("rollback", "v4", List.of("dc1"), "alice", "op-12345678")))
        .isEmpty();
  }

  @Test
  void malformedRequestsAreRefusedWithTheReason() {
    assertThat(ReleaseOperationResource.defectOf(null)).isPresent();
    assertThat(defect(new OperationRequest("PUBLISHED", "4", null, null, null)))
        .isEqualTo("operation must be one of ROLLBACK, RETRY, REDEPLOY");
    assertThat(defect(new OperationRequest("RETRY", "latest", null, null, null)))
        .isEqualTo("release must name a release number, e.g. 4 or v4");
    assertThat(defect(new OperationRequest("RETRY", "4", null, null, "../../x")))
        .startsWith("operationId must be");
    assertThat(defect(new OperationRequest("RETRY", "4", List.of(" "), null, null)))
        .isEqualTo("datacenters must not contain a blank name");
  }

  /** Whatever a request names is kept in the repository's store entry: it stays small. */
  @Test
  void oversizedNamesAreRefused() {
    String huge = "x".repeat(1_000_000);
    assertThat(defect(new OperationRequest("ROLLBACK", "4", List.of(huge), null, null)))
        .isEqualTo("datacenters: at most 16 names of at most 100 characters");
    assertThat(
            defect(
                new OperationRequest("ROLLBACK", "4", Collections.nCopies(17, "dc"), null, null)))
        .isEqualTo("datacenters: at most 16 names of at most 100 characters");
    assertThat(defect(new OperationRequest("ROLLBACK", "4", null, huge, null)))
        .isEqualTo("requestedBy: at most 100 characters");
  }

  private static String defect(OperationRequest request) {
    return ReleaseOperationResource.defectOf(request).orElseThrow();
  }
}
