package dev.slipway.testsupport.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for GitHub's REST API, serving exactly what {@code org.kohsuke:github-api} calls
 * for the status reporter, with response shapes from GitHub's OpenAPI description
 * ({@code @octokit/openapi}): {@code GET /repos/{owner}/{repo}}, {@code POST
 * /repos/{owner}/{repo}/statuses/{sha}}, and for GitHub App credentials {@code GET /app}, {@code GET
 * /app/installations/{id}} and {@code POST /app/installations/{id}/access_tokens}.
 *
 * <p>It records every request and can be told to fail writes (5xx, 422, 429/403 with {@code
 * Retry-After}). {@code GET /_fake/statuses?repo=owner/repo&sha=SHA} lists the statuses a commit
 * received as JSON. Run {@link #main} to use it by hand: it prints every request it receives.
 */
public final class FakeGitHub implements AutoCloseable {

  /** GitHub refuses longer descriptions; the fake does too, so a test sees a reporter that does not cut them. */
  public static final int MAX_DESCRIPTION = 140;

  private static final Pattern REPOSITORY = Pattern.compile("/repos/([^/]+)/([^/]+)");
  private static final Pattern STATUSES = Pattern.compile("/repos/([^/]+)/([^/]+)/statuses/([0-9a-zA-Z]+)");
  private static final Pattern INSTALLATION = Pattern.compile("/app/installations/(\\d+)");
  private static final Pattern INSTALLATION_TOKEN = Pattern.compile("/app/installations/(\\d+)/access_tokens");
  private static final Set<String> STATES = Set.of("error", "failure", "pending", "success");
  private static final String DOCS = "https://docs.github.com/rest";

  /** A request as the fake saw it, with the status it answered. */
  public record Request(Instant time, String method, String path, String authorization, String body, int status) {}

  /** A commit status the fake accepted. */
  public record Status(
      long id, String repository, String sha, String state, String description, String targetUrl, String context,
      Instant createdAt) {}

  private record Fault(int status, Instant until, int times, long retryAfterSeconds) {}

  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock;
  private final PrintStream echo;
  private final HttpServer server;
  private final AtomicLong ids = new AtomicLong(1000);
  private final List<Request> requests = new ArrayList<>();
  private final List<Status> statuses = new ArrayList<>();
  private final List<Fault> faults = new ArrayList<>();

  private FakeGitHub(int port, Clock clock, PrintStream echo) {
    this.clock = clock;
    this.echo = echo;
    // Without it, delayed ACKs hold every small answer back about 40 ms, hiding the reporter's own latency.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
    server.createContext("/", this::serve);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /** Starts on a free loopback port. */
  public static FakeGitHub start() {
    return new FakeGitHub(0, Clock.systemUTC(), null);
  }

  /** Standalone: {@code FakeGitHub [port]} (default 0: a free port), printing every request. */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    FakeGitHub fake = new FakeGitHub(port, Clock.systemUTC(), System.out);
    System.out.println("fake GitHub listening on " + fake.url());
    System.out.println("  statuses of a commit: " + fake.url() + "/_fake/statuses?repo=OWNER/REPO&sha=SHA");
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
    Thread.currentThread().join();
  }

  /** The API base URL, for {@code slipway.github.api-url}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request so far, oldest first. */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Status writes ({@code POST .../statuses/...}) so far, whatever the fake answered. */
  public synchronized List<Request> statusWrites() {
    return requests.stream().filter(r -> r.method().equals("POST") && r.path().contains("/statuses/")).toList();
  }

  /** Statuses a commit received, oldest first. */
  public synchronized List<Status> statuses(String repository, String sha) {
    return statuses.stream().filter(s -> s.repository().equals(repository) && s.sha().equals(sha)).toList();
  }

  /** Every status accepted, oldest first. */
  public synchronized List<Status> statuses() {
    return List.copyOf(statuses);
  }

  /** What GitHub shows for a commit: the newest status per context. */
  public synchronized Map<String, Status> latest(String repository, String sha) {
    Map<String, Status> latest = new LinkedHashMap<>();
    statuses(repository, sha).forEach(status -> latest.put(status.context(), status));
    return latest;
  }

  /** Answers the next {@code times} writes with {@code status} (500, 502, 422, ...). */
  public synchronized void failWrites(int status, int times) {
    faults.add(new Fault(status, null, times, -1));
  }

  /** Answers every write with {@code status} for {@code window} from now. */
  public synchronized void failWritesFor(int status, Duration window) {
    faults.add(new Fault(status, clock.instant().plus(window), Integer.MAX_VALUE, -1));
  }

  /** Answers the next {@code times} writes with {@code status} (429 or 403) and {@code Retry-After}. */
  public synchronized void rateLimitWrites(int status, Duration retryAfter, int times) {
    faults.add(new Fault(status, null, times, retryAfter.toSeconds()));
  }

  /** Forgets every request, status and fault. */
  public synchronized void reset() {
    requests.clear();
    statuses.clear();
    faults.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Answer answer;
      synchronized (this) {
        answer = answer(method, path, exchange.getRequestURI().getRawQuery(), body);
        requests.add(new Request(clock.instant(), method, path, exchange.getRequestHeaders().getFirst("Authorization"),
            body, answer.status()));
      }
      if (echo != null && !path.startsWith("/_fake/")) {
        echo.println(describe(method, path, body, answer.status()));
      }
      byte[] bytes = json.writeValueAsBytes(answer.body());
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private record Answer(int status, JsonNode body, Map<String, String> headers) {
    Answer(int status, JsonNode body) {
      this(status, body, Map.of());
    }
  }

  /** Called with the monitor held. */
  private Answer answer(String method, String path, String query, String body) throws IOException {
    if (method.equals("GET") && path.equals("/_fake/statuses")) {
      return new Answer(200, listStatuses(query));
    }
    if (method.equals("POST")) {
      Answer fault = activeFault();
      if (fault != null) {
        return fault;
      }
    }
    Matcher statusPath = STATUSES.matcher(path);
    if (method.equals("GET") && statusPath.matches()) {
      return new Answer(200, commitStatuses(statusPath.group(1) + "/" + statusPath.group(2), statusPath.group(3)));
    }
    if (method.equals("POST") && statusPath.matches()) {
      return createStatus(statusPath.group(1) + "/" + statusPath.group(2), statusPath.group(3), json.readTree(body));
    }
    Matcher repositoryPath = REPOSITORY.matcher(path);
    if (method.equals("GET") && repositoryPath.matches()) {
      return new Answer(200, repository(repositoryPath.group(1), repositoryPath.group(2)));
    }
    Matcher tokenPath = INSTALLATION_TOKEN.matcher(path);
    if (method.equals("POST") && tokenPath.matches()) {
      return new Answer(201, installationToken());
    }
    if (method.equals("GET") && path.equals("/app")) {
      return new Answer(200, app());
    }
    Matcher installationPath = INSTALLATION.matcher(path);
    if (method.equals("GET") && installationPath.matches()) {
      return new Answer(200, installation(Long.parseLong(installationPath.group(1))));
    }
    return new Answer(404, error("Not Found"));
  }

  private Answer activeFault() {
    Instant now = clock.instant();
    faults.removeIf(fault -> fault.times() <= 0 || fault.until() != null && !now.isBefore(fault.until()));
    if (faults.isEmpty()) {
      return null;
    }
    Fault fault = faults.get(0);
    faults.set(0, new Fault(fault.status(), fault.until(), fault.times() - 1, fault.retryAfterSeconds()));
    if (fault.retryAfterSeconds() >= 0) {
      return new Answer(
          fault.status(),
          error("You have exceeded a secondary rate limit. Please wait a few minutes before you try again."),
          Map.of("Retry-After", String.valueOf(fault.retryAfterSeconds())));
    }
    if (fault.status() == 422) {
      return validationFailed("fake GitHub was told to refuse this write");
    }
    return new Answer(fault.status(), error("Server Error"));
  }

  private Answer createStatus(String repository, String sha, JsonNode request) {
    String state = request.path("state").asText("");
    if (!STATES.contains(state)) {
      return validationFailed("state must be one of " + STATES + ", got '" + state + "'");
    }
    String description = request.path("description").isNull() ? null : request.path("description").asText(null);
    if (description != null && description.codePointCount(0, description.length()) > MAX_DESCRIPTION) {
      return validationFailed("description is too long (maximum is " + MAX_DESCRIPTION + " characters)");
    }
    String targetUrl = request.path("target_url").isNull() ? null : request.path("target_url").asText(null);
    String context = request.path("context").asText("default");
    Status status =
        new Status(ids.incrementAndGet(), repository, sha, state, description, targetUrl, context,
            clock.instant().truncatedTo(ChronoUnit.SECONDS));
    statuses.add(status);
    return new Answer(201, statusJson(status), Map.of("Location", url() + "/repos/" + repository + "/statuses/" + sha));
  }

  private ArrayNode listStatuses(String query) {
    Map<String, String> parameters = parameters(query);
    ArrayNode list = json.createArrayNode();
    statuses.stream()
        .filter(s -> !parameters.containsKey("repo") || s.repository().equals(parameters.get("repo")))
        .filter(s -> !parameters.containsKey("sha") || s.sha().equals(parameters.get("sha")))
        .forEach(s -> list.add(statusJson(s).put("repository", s.repository()).put("sha", s.sha())));
    return list;
  }

  /** {@code GET /repos/{owner}/{repo}/statuses/{ref}}: the commit's statuses, newest first. */
  private ArrayNode commitStatuses(String repository, String sha) {
    ArrayNode list = json.createArrayNode();
    List<Status> newestFirst = new ArrayList<>(statuses(repository, sha));
    java.util.Collections.reverse(newestFirst);
    newestFirst.forEach(status -> list.add(statusJson(status)));
    return list;
  }

  private ObjectNode statusJson(Status status) {
    ObjectNode node = json.createObjectNode();
    node.put("url", url() + "/repos/" + status.repository() + "/statuses/" + status.sha());
    node.put("avatar_url", "https://github.com/images/error/hubot_happy.gif");
    node.put("id", status.id());
    node.put("node_id", "MDY6U3RhdHVz" + status.id());
    node.put("state", status.state());
    node.put("description", status.description());
    node.put("target_url", status.targetUrl());
    node.put("context", status.context());
    node.put("created_at", status.createdAt().toString());
    node.put("updated_at", status.createdAt().toString());
    node.set("creator", user("slipway[bot]", 41898282, "Bot"));
    return node;
  }

  private ObjectNode repository(String owner, String name) {
    String fullName = owner + "/" + name;
    String api = url() + "/repos/" + fullName;
    ObjectNode node = json.createObjectNode();
    node.put("id", Math.abs((long) fullName.hashCode()));
    node.put("node_id", "R_fake" + Math.abs(fullName.hashCode()));
    node.put("name", name);
    node.put("full_name", fullName);
    node.set("owner", user(owner, Math.abs(owner.hashCode()), "Organization"));
    node.put("private", false);
    node.put("html_url", "https://github.com/" + fullName);
    node.put("description", "served by the fake GitHub");
    node.put("fork", false);
    node.put("url", api);
    node.put("statuses_url", api + "/statuses/{sha}");
    node.put("deployments_url", api + "/deployments");
    node.put("clone_url", "https://github.com/" + fullName + ".git");
    node.put("git_url", "git://github.com/" + fullName + ".git");
    node.put("ssh_url", "git@github.com:" + fullName + ".git");
    node.put("svn_url", "https://github.com/" + fullName);
    node.putNull("homepage");
    node.putNull("language");
    node.putNull("mirror_url");
    node.putNull("license");
    node.put("default_branch", "main");
    node.put("visibility", "public");
    node.put("archived", false);
    node.put("disabled", false);
    node.put("has_issues", true);
    node.put("has_projects", false);
    node.put("has_wiki", false);
    node.put("has_pages", false);
    node.put("has_discussions", false);
    node.put("forks", 0);
    node.put("forks_count", 0);
    node.put("open_issues", 0);
    node.put("open_issues_count", 0);
    node.put("stargazers_count", 0);
    node.put("watchers", 0);
    node.put("watchers_count", 0);
    node.put("network_count", 0);
    node.put("subscribers_count", 0);
    node.put("size", 1);
    node.put("pushed_at", "2024-01-01T00:00:00Z");
    node.put("created_at", "2024-01-01T00:00:00Z");
    node.put("updated_at", "2024-01-01T00:00:00Z");
    ObjectNode permissions = node.putObject("permissions");
    permissions.put("admin", false).put("maintain", false).put("push", true).put("triage", true).put("pull", true);
    return node;
  }

  private ObjectNode app() {
    ObjectNode node = json.createObjectNode();
    node.put("id", 1);
    node.put("slug", "slipway");
    node.put("node_id", "A_fake1");
    node.put("client_id", "Iv1.fake");
    node.set("owner", user("slipway-org", 1, "Organization"));
    node.put("name", "Slipway");
    node.put("description", "served by the fake GitHub");
    node.put("external_url", "https://slipway.dev");
    node.put("html_url", "https://github.com/apps/slipway");
    node.put("created_at", "2024-01-01T00:00:00Z");
    node.put("updated_at", "2024-01-01T00:00:00Z");
    node.putObject("permissions").put("statuses", "write").put("deployments", "write");
    node.putArray("events");
    node.put("installations_count", 1);
    return node;
  }

  private ObjectNode installation(long id) {
    ObjectNode node = json.createObjectNode();
    node.put("id", id);
    node.set("account", user("slipway-org", 1, "Organization"));
    node.put("access_tokens_url", url() + "/app/installations/" + id + "/access_tokens");
    node.put("repositories_url", url() + "/installation/repositories");
    node.put("html_url", "https://github.com/organizations/slipway-org/settings/installations/" + id);
    node.put("app_id", 1);
    node.put("target_id", 1);
    node.put("target_type", "Organization");
    node.putObject("permissions").put("statuses", "write").put("deployments", "write");
    node.putArray("events");
    node.put("created_at", "2024-01-01T00:00:00Z");
    node.put("updated_at", "2024-01-01T00:00:00Z");
    node.put("repository_selection", "all");
    return node;
  }

  private ObjectNode installationToken() {
    ObjectNode node = json.createObjectNode();
    node.put("token", "ghs_fake" + ids.incrementAndGet());
    node.put("expires_at", clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString());
    node.putObject("permissions").put("statuses", "write").put("deployments", "write");
    node.put("repository_selection", "all");
    return node;
  }

  private ObjectNode user(String login, long id, String type) {
    ObjectNode node = json.createObjectNode();
    node.put("login", login);
    node.put("id", id);
    node.put("node_id", "U_fake" + id);
    node.put("avatar_url", "https://github.com/images/error/octocat_happy.gif");
    node.put("gravatar_id", "");
    node.put("url", url() + "/users/" + login);
    node.put("html_url", "https://github.com/" + login);
    node.put("type", type);
    node.put("site_admin", false);
    return node;
  }

  private Answer validationFailed(String message) {
    ObjectNode body = error("Validation Failed");
    body.putArray("errors").addObject().put("resource", "Status").put("code", "custom").put("message", message);
    return new Answer(422, body);
  }

  private ObjectNode error(String message) {
    ObjectNode node = json.createObjectNode();
    node.put("message", message);
    node.put("documentation_url", DOCS);
    return node;
  }

  private static Map<String, String> parameters(String query) {
    Map<String, String> parameters = new HashMap<>();
    if (query == null) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        parameters.put(
            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return parameters;
  }

  private String describe(String method, String path, String body, int status) {
    String time = LocalTime.ofInstant(clock.instant(), ZoneId.systemDefault()).truncatedTo(ChronoUnit.MILLIS).toString();
    String line = String.format("%-12s %-4s %s -> %d", time, method, path, status);
    Matcher statusPath = STATUSES.matcher(path);
    if (method.equals("POST") && statusPath.matches()) {
      try {
        JsonNode request = json.readTree(body);
        line += String.format("%n             %-16s %-8s %s%s",
            request.path("context").asText(), request.path("state").asText(),
            request.path("description").asText(""),
            request.path("target_url").isTextual() ? "  " + request.path("target_url").asText() : "");
      } catch (IOException e) {
        line += "  (body is not JSON)";
      }
    }
    return line;
  }
}
