package dev.slipway.platform.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PodmanServiceTest {

  @Test
  void anAnswerWithItsLengthIsReadWhole() throws IOException {
    PodmanService.Response response =
        PodmanService.parse(
            bytes(
                "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n"
                    + "{\"Id\":\"abc\"}\n"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.text()).isEqualTo("{\"Id\":\"abc\"}");
  }

  @Test
  void anAnswerSentInChunksIsJoined() throws IOException {
    PodmanService.Response response =
        PodmanService.parse(
            bytes(
                "HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "b\r\n{\"message\":\r\n"
                    + "13\r\n\"image not known\"}\n\r\n"
                    + "0\r\n\r\n"));

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.text()).isEqualTo("{\"message\":\"image not known\"}");
  }

  @Test
  void anAnswerCutBeforeItsBodyIsAnError() {
    assertThatThrownBy(() -> PodmanService.parse(bytes("HTTP/1.1 204 No Content\r\n")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no complete answer");
  }

  @Test
  void onlyAContainerIdNamesAnExitFile() {
    Podman podman = new Podman(Path.of("target", "podman-service-test"));

    assertThatThrownBy(() -> podman.exitCode("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(podman.exitCode("0".repeat(64))).isEmpty();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
