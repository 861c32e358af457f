package dev.slipway.testsupport.browser;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's chromium, headless, with one page open; the test reads the page's text through the
 * DevTools protocol while the page's own scripts run, as a person watching it would.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private volatile CompletableFuture<JsonNode> reply;

  public HeadlessChromium(String url) throws IOException, InterruptedException {
    profile = Files.createTempDirectory("slipway-chromium");
    process =
        new ProcessBuilder(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                url)
            .redirectErrorStream(true)
            .redirectOutput(profile.resolve("chromium.log").toFile())
            .start();
    Path portFile = profile.resolve("DevToolsActivePort");
    await("chromium's DevTools port")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2);
    String port = Files.readAllLines(portFile).get(0).strip();
    HttpClient http = HttpClient.newHttpClient();
    String pages =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String debuggerUrl = null;
    for (JsonNode page : JSON.readTree(pages)) {
      if ("page".equals(page.path("type").asText())) {
        debuggerUrl = page.path("webSocketDebuggerUrl").asText();
      }
    }
    socket = http.newWebSocketBuilder().buildAsync(URI.create(debuggerUrl), new Listener()).join();
  }

  /** The value of a JavaScript expression in the page, as text. */
  public String evaluate(String expression) throws Exception {
    reply = new CompletableFuture<>();
    int id = ids.incrementAndGet();
    String call =
        JSON.writeValueAsString(
            JSON.createObjectNode()
                .put("id", id)
                .put("method", "Runtime.evaluate")
                .set(
                    "params",
                    JSON.createObjectNode()
                        .put("expression", expression)
                        .put("returnByValue", true)));
    socket.sendText(call, true).join();
    return reply.get(30, TimeUnit.SECONDS).path("result").path("result").path("value").asText();
  }

  /** Waits until the page's body text contains {@code text}; returns the body text. */
  public String awaitText(String text, Duration timeout) throws Exception {
    return await("the page showing \"" + text + "\"")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> evaluate("document.body ? document.body.innerText : ''"),
            body -> body.contains(text));
  }

  @Override
  public void close() throws InterruptedException {
    socket.abort();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder message = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        try {
          JsonNode node = JSON.readTree(message.toString());
          if (node.has("id") && reply != null) {
            reply.complete(node);
          }
        } catch (IOException e) {
          reply.completeExceptionally(e);
        }
        message.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
