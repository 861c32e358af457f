package dev.slipway.deployer.podman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.deployer.podman.PullFailure.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * podman 4.3's own stderr, captured from pulls against a real registry, a closed port, an unknown
 * host and servers answering errors; the timeout and full-disk lines are Go's error texts in the
 * same chain.
 */
class PullFailureTest {

  private static final String SOURCE =
      "Error: initializing source docker://127.0.0.1:38122/acme/web@sha256:deaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddead: ";
  private static final String MANIFEST =
      "reading manifest sha256:deaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddead in 127.0.0.1:38122/acme/web: ";

  @ParameterizedTest(name = "{1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "pinging container registry 127.0.0.1:33539: Get \"http://127.0.0.1:33539/v2/\": dial tcp 127.0.0.1:33539: connect: connection refused"
            + "| REGISTRY_UNREACHABLE | connect: connection refused",
        "pinging container registry 127.0.0.1:38111: invalid status code from registry 503 (Service Unavailable)"
            + "| REGISTRY_UNREACHABLE | invalid status code from registry 503 (Service Unavailable)",
        MANIFEST
            + "received unexpected HTTP status: 500 Internal Server Error| REGISTRY_UNREACHABLE | 500 Internal Server Error",
        MANIFEST + "toomanyrequests: slow down| REGISTRY_UNREACHABLE | toomanyrequests: slow down",
        "Get \"http://127.0.0.1:38123/v2/acme/web/manifests/sha256:deaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddeaddead\": EOF"
            + "| REGISTRY_UNREACHABLE | EOF",
        "pinging container registry nosuchhost.invalid:5000: Get \"http://nosuchhost.invalid:5000/v2/\": dial tcp: lookup nosuchhost.invalid"
            + " on 10.255.255.53:53: no such host| REGISTRY_UNREACHABLE | no such host",
        "pinging container registry 10.0.0.9:5000: Get \"https://10.0.0.9:5000/v2/\": dial tcp 10.0.0.9:5000: i/o timeout"
            + "| REGISTRY_UNREACHABLE | i/o timeout",
        MANIFEST + "manifest unknown: manifest unknown| IMAGE_MISSING | manifest unknown",
        MANIFEST + "name unknown| IMAGE_MISSING | name unknown",
        MANIFEST
            + "unauthorized: authentication required| REFUSED | unauthorized: authentication required",
        MANIFEST + "denied| REFUSED | denied",
      })
  void readsWhyThePullFailed(String error, Kind kind, String reason) {
    PullFailure failure = PullFailure.of(SOURCE + error + "\n");

    assertThat(failure.kind()).isEqualTo(kind);
    assertThat(failure.reason()).isEqualTo(reason);
  }

  @Test
  void readsTheErrorLineEvenWhenPodmansRetryWarningsFollowIt() {
    String stderr =
        SOURCE
            + MANIFEST
            + "toomanyrequests: slow down\n"
            + "time=\"2026-11-30T14:03:43Z\" level=warning msg=\"Failed, retrying in 1s ... (3/3). Error: initializing source"
            + " docker://127.0.0.1:38124/acme/web: reading manifest latest in 127.0.0.1:38124/acme/web: name unknown\"\n";

    assertThat(PullFailure.of(stderr).kind()).isEqualTo(Kind.REGISTRY_UNREACHABLE);
  }

  @Test
  void refusesWhatItCannotReadRatherThanRetryItForEver() {
    PullFailure failure =
        PullFailure.of("Error: writing blob: storing blob to file: no space left on device\n");

    assertThat(failure.kind()).isEqualTo(Kind.REFUSED);
    assertThat(failure.reason()).isEqualTo("no space left on device");
  }
}
