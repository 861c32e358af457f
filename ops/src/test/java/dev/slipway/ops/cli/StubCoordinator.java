package dev.slipway.ops.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The release-coordinator's operations endpoint as its contract says, answering from a script: each
 * GET and each POST takes the next answer of its own queue; the last one of a queue repeats.
 */
final class StubCoordinator implements AutoCloseable {

  record Answer(int status, Map<String, String> headers, String body) {
    static Answer json(int status, String body) {
      return new Answer(status, Map.of(), body);
    }
  }

  record Request(
      String method, String path, String accept, String authorization, String body, Instant at) {}

  private final HttpServer server;
  private final Deque<Answer> gets = new ArrayDeque<>();
  private final Deque<Answer> posts = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  StubCoordinator() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/releases/", this::answer);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  StubCoordinator onGet(Answer... answers) {
    gets.addAll(List.of(answers));
    return this;
  }

  StubCoordinator onPost(Answer... answers) {
    posts.addAll(List.of(answers));
    return this;
  }

  List<Request> requests() {
    return requests;
  }

  private synchronized void answer(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Accept"),
            exchange.getRequestHeaders().getFirst("Authorization"),
            body,
            Instant.now()));
    Deque<Answer> queue = exchange.getRequestMethod().equals("POST") ? posts : gets;
    Answer answer = queue.size() > 1 ? queue.poll() : queue.peek();
    if (answer == null) {
      answer = Answer.json(500, "{\"error\":\"the test scripted no answer\"}");
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    answer.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
