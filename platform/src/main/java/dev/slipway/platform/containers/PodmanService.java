package dev.slipway.platform.containers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * podman's own REST API ({@code podman system service}) on a socket in the service's container
 * folder, for the calls on a task's hot path: a podman command costs some 150 ms before it does
 * anything (process start, configuration, storage), the API answers in a few. The service is
 * started on first use with the same configuration as {@link Podman}, outlives a runner killed
 * without warning (the next one reuses it), stops after an hour without calls, and is started again
 * when a call finds it gone.
 */
public final class PodmanService {

  /** The API's version path: podman 4's libpod endpoints. */
  private static final String API = "/v4.0.0/libpod";

  private static final String IDLE_SECONDS = "3600";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
  private static final int MAX_SOCKET_PATH = 100;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "podman-api-watchdog");
            thread.setDaemon(true);
            return thread;
          });

  /** The create request named an image this machine does not have. */
  public static final class NoSuchImageException extends Podman.PodmanException {
    public NoSuchImageException(String message) {
      super(message);
    }
  }

  record Response(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8).strip();
    }
  }

  private final Podman podman;
  private final Path socket;

  public PodmanService(Podman podman) {
    this.podman = podman;
    this.socket = socketIn(podman.containersRoot());
  }

  /** A Unix socket's path is limited to some 108 bytes; a deep folder gets one in the temp dir. */
  private static Path socketIn(Path containersRoot) {
    Path socket = containersRoot.resolve("podman.sock").toAbsolutePath();
    if (socket.toString().length() <= MAX_SOCKET_PATH) {
      return socket;
    }
    try {
      return Files.createTempDirectory("slipway-podman").resolve("podman.sock");
    } catch (IOException e) {
      throw new Podman.PodmanException("cannot make a folder for podman's socket: " + e);
    }
  }

  /**
   * Creates a container from a libpod spec ({@code SpecGenerator}'s JSON names).
   *
   * @return the container's id
   * @throws NoSuchImageException when the image is not on this machine (pull it, then call again)
   */
  public String create(Map<String, Object> spec) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a container spec: " + e.getMessage(), e);
    }
    Response response = call("POST", API + "/containers/create", body);
    if (response.status() == 201) {
      return field(response, "Id");
    }
    String message = message(response);
    // podman 4 answers 500 "image not known" for an image it lacks, later versions 404.
    if (message.contains("image not known") || response.status() == 404) {
      throw new NoSuchImageException(message);
    }
    throw new Podman.PodmanException(
        "creating " + spec.get("name") + " failed (" + response.status() + "): " + message);
  }

  /** Starts a created container; one that already runs is left alone. */
  public void start(String containerId) {
    Response response = call("POST", API + "/containers/" + containerId + "/start", null);
    if (response.status() != 204 && response.status() != 304) {
      throw new Podman.PodmanException(
          "starting " + containerId + " failed (" + response.status() + "): " + message(response));
    }
  }

  /** Removes a container, running or not; one that is gone already is no error. */
  public void remove(String containerId) {
    Response response =
        call("DELETE", API + "/containers/" + containerId + "?force=true&ignore=true", null);
    if (response.status() >= 300 && response.status() != 404) {
      throw new Podman.PodmanException(
          "removing " + containerId + " failed (" + response.status() + "): " + message(response));
    }
  }

  /**
   * Sends the request, starting the service first when nothing listens on the socket. Only a
   * connection that could not be made is tried again: a request that reached the service is never
   * sent twice.
   */
  private Response call(String method, String path, byte[] body) {
    SocketChannel channel;
    try {
      channel = connect();
    } catch (IOException unreachable) {
      ensureRunning();
      try {
        channel = connect();
      } catch (IOException e) {
        throw new Podman.PodmanException(
            "podman's API on " + socket + " does not answer: " + e.getMessage());
      }
    }
    try {
      return send(channel, method, path, body);
    } catch (IOException e) {
      throw new Podman.PodmanException(
          method + " " + path + " on podman's API failed: " + e.getMessage());
    }
  }

  private SocketChannel connect() throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * One request on a connection of its own, which it closes: a local socket connects in
   * microseconds, and no connection state outlives a call. A call that takes longer than {@link
   * #CALL_TIMEOUT} is cut.
   */
  private static Response send(SocketChannel connected, String method, String path, byte[] body)
      throws IOException {
    try (SocketChannel channel = connected) {
      ScheduledFuture<?> cut =
          WATCHDOG.schedule(
              () -> closeQuietly(channel), CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      try {
        byte[] content = body == null ? new byte[0] : body;
        String head =
            method
                + " "
                + path
                + " HTTP/1.1\r\nHost: podman\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + content.length
                + "\r\n\r\n";
        channel.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
        channel.write(ByteBuffer.wrap(content));
        return parse(Channels.newInputStream(channel).readAllBytes());
      } finally {
        cut.cancel(false);
      }
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // The call fails on its own with the closed channel.
    }
  }

  /** An HTTP/1.1 response read to its end: status, then a body sent whole or in chunks. */
  static Response parse(byte[] raw) throws IOException {
    int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
    if (headEnd < 0) {
      throw new IOException("podman's API sent no complete answer");
    }
    String head = new String(raw, 0, headEnd, StandardCharsets.US_ASCII);
    String[] statusLine = head.split("\r\n", 2)[0].split(" ", 3);
    int status = Integer.parseInt(statusLine[1]);
    byte[] body = Arrays.copyOfRange(raw, headEnd + 4, raw.length);
    boolean chunked =
        head.lines()
            .anyMatch(
                line ->
                    line.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:")
                        && line.toLowerCase(Locale.ROOT).contains("chunked"));
    return new Response(status, chunked ? dechunk(body) : body);
  }

  private static byte[] dechunk(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    byte[] lineEnd = "\r\n".getBytes(StandardCharsets.US_ASCII);
    while (true) {
      int sizeEnd = indexOf(body, lineEnd, at);
      if (sizeEnd < 0) {
        throw new IOException("podman's API sent a broken chunk");
      }
      String size = new String(body, at, sizeEnd - at, StandardCharsets.US_ASCII).split(";")[0];
      int length = Integer.parseInt(size.strip(), 16);
      if (length == 0) {
        return out.toByteArray();
      }
      out.write(body, sizeEnd + 2, length);
      at = sizeEnd + 2 + length + 2;
    }
  }

  private static int indexOf(byte[] bytes, byte[] part, int from) {
    outer:
    for (int i = from; i <= bytes.length - part.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String field(Response response, String name) {
    try {
      JsonNode value = JSON.readTree(response.body()).get(name);
      if (value == null) {
        throw new Podman.PodmanException("podman's API answered without " + name);
      }
      return value.asText();
    } catch (IOException e) {
      throw new Podman.PodmanException("podman's API answered " + response.text());
    }
  }

  /** The API's error message ({@code {"cause": ..., "message": ...}}), else its whole answer. */
  private static String message(Response response) {
    try {
      JsonNode message = JSON.readTree(response.body()).get("message");
      return message == null ? response.text() : message.asText();
    } catch (IOException e) {
      return response.text();
    }
  }

  /** Starts the service unless one answers on the socket (a killed runner's, or another call's). */
  private synchronized void ensureRunning() {
    if (answers()) {
      return;
    }
    try {
      Files.createDirectories(socket.getParent());
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      throw new Podman.PodmanException("cannot prepare podman's socket " + socket + ": " + e);
    }
    Process process =
        podman.start(
            List.of("system", "service", "--time=" + IDLE_SECONDS, "unix://" + socket),
            socket.resolveSibling("podman-service.log"));
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "podman-api-stop"));
    awaitAnswer(process);
  }

  private void awaitAnswer(Process service) {
    Instant end = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(end)) {
      if (answers()) {
        return;
      }
      if (!service.isAlive()) {
        throw new Podman.PodmanException(
            "podman system service ended at once; see "
                + socket.resolveSibling("podman-service.log"));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Podman.PodmanException("interrupted while podman's API started");
      }
    }
    throw new Podman.PodmanException("podman's API did not answer within " + START_TIMEOUT);
  }

  private boolean answers() {
    try {
      return send(connect(), "GET", API + "/_ping", null).status() == 200;
    } catch (IOException e) {
      return false;
    }
  }
}
