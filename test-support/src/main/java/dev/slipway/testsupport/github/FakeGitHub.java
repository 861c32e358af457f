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
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
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
 * /repos/{owner}/{repo}/statuses/{sha}}, deployments ({@code POST} and {@code GET
 * /repos/{owner}/{repo}/deployments}, {@code GET /repos/{owner}/{repo}/deployments/{id}}, {@code
 * POST} and {@code GET /repos/{owner}/{repo}/deployments/{id}/statuses}), and for GitHub App
 * credentials {@code GET /app}, {@code GET /app/installations/{id}} and {@code POST
 * /app/installations/{id}/access_tokens}, and the deliveries of webhooks ({@code GET
 * /app/hook/deliveries}, {@code POST /app/hook/deliveries/{id}/attempts} for the App's hook, the
 * same under {@code /repos/{owner}/{repo}/hooks/{id}} and {@code /orgs/{org}/hooks/{id}} for
 * repository and organisation hooks): {@link #deliver} sends an event to the App's webhook URL set
 * with {@link #webhookTarget}, {@link #deliverTo} to a hook made with {@link #repositoryHook} or
 * {@link #organizationHook}; the outcome is recorded, a redelivery request sends the event again
 * with the same guid and a fresh signature. For pull-request commands: {@code GET
 * /orgs/{org}/members/{username}} (members set with {@link #member}), {@code GET
 * /repos/{owner}/{repo}/pulls/{number}} (pull requests set with {@link #pullRequest}), {@code GET
 * /repos/{owner}/{repo}/commits/{ref}/status} (the combined status of the statuses received),
 * {@code POST /repos/{owner}/{repo}/issues/comments/{id}/reactions} and {@code POST
 * /repos/{owner}/{repo}/issues/{number}/comments}, read back with {@link #reactions} and {@link
 * #issueComments}.
 *
 * <p>It records every request and can be told to fail writes (5xx, 422, 429/403 with {@code
 * Retry-After}). {@code GET /_fake/statuses?repo=owner/repo&sha=SHA} lists the statuses a commit
 * received as JSON, {@code GET /_fake/deployments?repo=owner/repo[&environment=dc1]} the
 * deployments with their statuses, {@code POST /_fake/hooks/{id}/deliveries} with an {@code
 * X-GitHub-Event} header and the payload as body sends an event through a hook as {@link
 * #deliverTo} does. Run {@link #main} to use it by hand: it prints every request it receives.
 */
public final class FakeGitHub implements AutoCloseable {

  /**
   * GitHub refuses longer descriptions; the fake does too, so a test sees a reporter that does not
   * cut them.
   */
  public static final int MAX_DESCRIPTION = 140;

  private static final Pattern REPOSITORY = Pattern.compile("/repos/([^/]+)/([^/]+)");
  private static final Pattern CONTENTS = Pattern.compile("/repos/([^/]+)/([^/]+)/contents/(.+)");
  private static final Pattern STATUSES =
      Pattern.compile("/repos/([^/]+)/([^/]+)/statuses/([0-9a-zA-Z]+)");
  private static final Pattern INSTALLATION = Pattern.compile("/app/installations/(\\d+)");
  private static final Pattern INSTALLATION_TOKEN =
      Pattern.compile("/app/installations/(\\d+)/access_tokens");
  private static final Pattern DEPLOYMENTS = Pattern.compile("/repos/([^/]+)/([^/]+)/deployments");
  private static final Pattern DEPLOYMENT =
      Pattern.compile("/repos/([^/]+)/([^/]+)/deployments/(\\d+)");
  private static final Pattern DEPLOYMENT_STATUSES =
      Pattern.compile("/repos/([^/]+)/([^/]+)/deployments/(\\d+)/statuses");
  private static final Set<String> STATES = Set.of("error", "failure", "pending", "success");

  /** The states GitHub's OpenAPI description allows for a deployment status. */
  public static final Set<String> DEPLOYMENT_STATES =
      Set.of("error", "failure", "inactive", "in_progress", "queued", "pending", "success");

  /** A hook's API path: the App's, a repository's or an organisation's. */
  private static final String HOOK_PATH =
      "(/app/hook|/repos/[^/]+/[^/]+/hooks/\\d+|/orgs/[^/]+/hooks/\\d+)";

  private static final Pattern HOOK_DELIVERIES = Pattern.compile(HOOK_PATH + "/deliveries");
  private static final Pattern REDELIVERY =
      Pattern.compile(HOOK_PATH + "/deliveries/(\\d+)/attempts");
  private static final Pattern FAKE_SEND = Pattern.compile("/_fake/hooks/(\\d+)/deliveries");
  private static final String APP_HOOK = "/app/hook";
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern MEMBER = Pattern.compile("/orgs/([^/]+)/members/([^/]+)");
  private static final Pattern PULL_REQUEST =
      Pattern.compile("/repos/([^/]+)/([^/]+)/pulls/(\\d+)");
  private static final Pattern COMBINED_STATUS =
      Pattern.compile("/repos/([^/]+)/([^/]+)/commits/([^/]+)/status");
  private static final Pattern REACTIONS =
      Pattern.compile("/repos/([^/]+)/([^/]+)/issues/comments/(\\d+)/reactions");
  private static final Pattern ISSUE_COMMENTS =
      Pattern.compile("/repos/([^/]+)/([^/]+)/issues/(\\d+)/comments");

  /** The reactions GitHub's OpenAPI description allows on an issue comment. */
  public static final Set<String> REACTION_CONTENTS =
      Set.of("+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes");

  private static final int MAX_PER_PAGE = 100;
  private static final String DOCS = "https://docs.github.com/rest";

  /** A request as the fake saw it, with the status it answered. */
  public record Request(
      Instant time, String method, String path, String authorization, String body, int status) {}

  /**
   * A pull request the fake shows, set with {@link #pullRequest}.
   *
   * @param headRepository {@code owner/repo} the head lives in: the repository itself, or a fork
   */
  public record PullRequest(
      String repository,
      int number,
      String headSha,
      String headRef,
      String headRepository,
      String baseRef) {}

  /** A reaction the fake accepted on an issue or pull request comment. */
  public record Reaction(long id, String repository, long commentId, String content) {}

  /** A comment the fake accepted on an issue or pull request. */
  public record IssueComment(long id, String repository, int number, String body) {}

  /** A commit status the fake accepted. */
  public record Status(
      long id,
      String repository,
      String sha,
      String state,
      String description,
      String targetUrl,
      String context,
      Instant createdAt) {}

  /**
   * A deployment the fake accepted.
   *
   * @param payload as sent: an object, or a string (github-api sends a JSON string)
   * @param autoMerge null when not sent
   * @param requiredContexts null when not sent (GitHub then checks every context of the commit)
   */
  public record Deployment(
      long id,
      String repository,
      String ref,
      String sha,
      String task,
      String environment,
      String description,
      JsonNode payload,
      Boolean autoMerge,
      List<String> requiredContexts,
      boolean productionEnvironment,
      Instant createdAt) {

    /**
     * The payload as an object, parsed when it was sent as a JSON string; empty when it is neither.
     */
    public JsonNode payloadObject() {
      if (payload != null && payload.isTextual()) {
        try {
          return new ObjectMapper().readTree(payload.asText());
        } catch (IOException notJson) {
          return new ObjectMapper().createObjectNode();
        }
      }
      return payload == null ? new ObjectMapper().createObjectNode() : payload;
    }
  }

  /** A deployment status the fake accepted; links not sent are null. */
  public record DeploymentStatus(
      long id,
      long deploymentId,
      String repository,
      String environment,
      String state,
      String description,
      String environmentUrl,
      String logUrl,
      String targetUrl,
      Instant createdAt) {}

  private record Fault(int status, Instant until, int times, long retryAfterSeconds) {}

  /**
   * One attempt to deliver a webhook to a hook's URL, as {@code GET .../deliveries} lists it
   * ({@code hook-delivery-item}); {@code statusCode} 0 when the URL could not be reached.
   *
   * @param hookId the hook that sent it
   */
  public record HookDelivery(
      long id,
      String guid,
      Instant deliveredAt,
      boolean redelivery,
      double durationSeconds,
      String status,
      int statusCode,
      String event,
      String action,
      long installationId,
      Long repositoryId,
      long hookId) {}

  /**
   * A webhook: where it sends events and the secret that signs them.
   *
   * @param path its API path, {@code /app/hook}, {@code /repos/{owner}/{repo}/hooks/{id}} or {@code
   *     /orgs/{org}/hooks/{id}}
   * @param targetType what {@code X-GitHub-Hook-Installation-Target-Type} says: integration,
   *     repository or organization
   */
  private record Hook(long id, String path, String targetType, String url, String secret) {}

  /** What the fake keeps of a delivered event, to send it again on a redelivery request. */
  private record StoredEvent(
      long hookId, String event, String action, Long repositoryId, byte[] payload) {}

  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock;
  private final PrintStream echo;
  private final HttpServer server;
  private final AtomicLong ids = new AtomicLong(1000);
  private final List<Request> requests = new ArrayList<>();
  private final List<Status> statuses = new ArrayList<>();
  private final List<Deployment> deployments = new ArrayList<>();
  private final List<DeploymentStatus> deploymentStatuses = new ArrayList<>();
  private final List<Fault> faults = new ArrayList<>();
  private final Set<String> refusedTokens = new HashSet<>();
  private volatile FakeContents contents;
  private int rateLimitedReads;
  private long readsRetryAfterSeconds;
  private Duration installationTokenLifetime = Duration.ofHours(1);
  private final List<HookDelivery> hookDeliveries = new ArrayList<>();
  private final Map<String, StoredEvent> events = new HashMap<>();

  /** {@code org/user}, lowercase. */
  private final Set<String> members = new java.util.HashSet<>();

  /** By {@code owner/repo#number}. */
  private final Map<String, PullRequest> pullRequests = new HashMap<>();

  private final List<Reaction> reactions = new ArrayList<>();
  private final List<IssueComment> issueComments = new ArrayList<>();

  /** By id; the App's hook is made by the first {@link #webhookTarget}. */
  private final Map<Long, Hook> hooks = new LinkedHashMap<>();

  private final AtomicLong hookIds = new AtomicLong();
  private final HttpClient webhookClient =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final java.util.concurrent.ExecutorService redeliveries =
      Executors.newSingleThreadExecutor();

  private FakeGitHub(int port, Clock clock, PrintStream echo) {
    this.clock = clock;
    this.echo = echo;
    // Without it, delayed ACKs hold every small answer back about 40 ms, hiding the reporter's own
    // latency.
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

  /**
   * Standalone: {@code FakeGitHub [port [owner/repo webhook-url secret-file [git-root]]]} (port 0:
   * a free one), printing every request; with a repository, that repository gets hook 1, sending to
   * the URL and signing with the secret in the file; with a git root, the contents API serves the
   * bare repositories under it.
   */
  public static void main(String[] args) throws InterruptedException, IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    FakeGitHub fake = new FakeGitHub(port, Clock.systemUTC(), System.out);
    System.out.println("fake GitHub listening on " + fake.url());
    if (args.length >= 5) {
      fake.serveContents(Path.of(args[4]));
      System.out.println("  contents API: the repositories under " + args[4]);
    }
    if (args.length >= 4) {
      String secret = java.nio.file.Files.readString(java.nio.file.Path.of(args[3])).strip();
      long hook = fake.repositoryHook(args[1], args[2], secret);
      System.out.println(
          "  "
              + args[1]
              + " hook "
              + hook
              + " sends to "
              + args[2]
              + "; send an event through it: POST "
              + fake.url()
              + "/_fake/hooks/"
              + hook
              + "/deliveries with X-GitHub-Event and the payload");
    }
    System.out.println(
        "  statuses of a commit: " + fake.url() + "/_fake/statuses?repo=OWNER/REPO&sha=SHA");
    System.out.println(
        "  make a member:        POST " + fake.url() + "/_fake/members?org=ORG&user=LOGIN");
    System.out.println(
        "  show a pull request:  POST "
            + fake.url()
            + "/_fake/pulls?repo=OWNER/REPO&number=N&sha=SHA&ref=BRANCH[&head_repo=FORK/REPO]");
    System.out.println(
        "  deployments:          "
            + fake.url()
            + "/_fake/deployments?repo=OWNER/REPO[&environment=DC]");
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
    Thread.currentThread().join();
  }

  /**
   * From now on, answers the contents API from the bare repositories {@code
   * <root>/<owner>/<repo>.git} (the layout {@code FakeGitServer} serves).
   */
  public FakeGitHub serveContents(Path root) {
    contents = new FakeContents(root.toAbsolutePath().normalize(), json, url());
    return this;
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
    return requests.stream()
        .filter(r -> r.method().equals("POST") && r.path().contains("/statuses/"))
        .toList();
  }

  /** Statuses a commit received, oldest first. */
  public synchronized List<Status> statuses(String repository, String sha) {
    return statuses.stream()
        .filter(s -> s.repository().equals(repository) && s.sha().equals(sha))
        .toList();
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

  /**
   * Whether GitHub shows every one of {@code contexts} on the commit in a final, not pending,
   * state.
   */
  public synchronized boolean finished(String repository, String sha, String... contexts) {
    Map<String, Status> shown = latest(repository, sha);
    return Arrays.stream(contexts)
        .allMatch(
            context -> shown.containsKey(context) && !shown.get(context).state().equals("pending"));
  }

  /**
   * Deployment writes ({@code POST .../deployments} and {@code POST .../deployments/{id}/statuses})
   * so far.
   */
  public synchronized List<Request> deploymentWrites() {
    return requests.stream()
        .filter(r -> r.method().equals("POST") && r.path().contains("/deployments"))
        .toList();
  }

  /** The deployments of a repository, oldest first. */
  public synchronized List<Deployment> deployments(String repository) {
    return deployments.stream().filter(d -> d.repository().equals(repository)).toList();
  }

  /** The statuses of a deployment, oldest first. */
  public synchronized List<DeploymentStatus> deploymentStatuses(long deploymentId) {
    return deploymentStatuses.stream().filter(s -> s.deploymentId() == deploymentId).toList();
  }

  /** Answers the next {@code times} writes with {@code status} (500, 502, 422, ...). */
  public synchronized void failWrites(int status, int times) {
    faults.add(new Fault(status, null, times, -1));
  }

  /** Answers every write with {@code status} for {@code window} from now. */
  public synchronized void failWritesFor(int status, Duration window) {
    faults.add(new Fault(status, clock.instant().plus(window), Integer.MAX_VALUE, -1));
  }

  /**
   * The next {@code times} reads of the contents API are refused as over the rate limit (403,
   * {@code Retry-After}, {@code X-RateLimit-Remaining: 0}).
   */
  public synchronized void rateLimitReads(Duration retryAfter, int times) {
    rateLimitedReads = times;
    readsRetryAfterSeconds = retryAfter.toSeconds();
  }

  /**
   * Answers the next {@code times} writes with {@code status} (429 or 403) and {@code Retry-After}.
   */
  public synchronized void rateLimitWrites(int status, Duration retryAfter, int times) {
    faults.add(new Fault(status, null, times, retryAfter.toSeconds()));
  }

  /** Where the App's webhooks go and the secret that signs them, as set in the App's settings. */
  public synchronized void webhookTarget(String url, String secret) {
    Hook app =
        hooks.values().stream()
            .filter(hook -> hook.path().equals(APP_HOOK))
            .findFirst()
            .orElse(null);
    long id = app == null ? hookIds.incrementAndGet() : app.id();
    hooks.put(id, new Hook(id, APP_HOOK, "integration", url, secret));
  }

  /**
   * Makes a repository hook ({@code owner/repo}) sending to {@code url}, as its settings page does;
   * returns its id.
   */
  public synchronized long repositoryHook(String repository, String url, String secret) {
    long id = hookIds.incrementAndGet();
    hooks.put(id, new Hook(id, "/repos/" + repository + "/hooks/" + id, "repository", url, secret));
    return id;
  }

  /** Makes an organisation hook sending to {@code url}; returns its id. */
  public synchronized long organizationHook(String organization, String url, String secret) {
    long id = hookIds.incrementAndGet();
    hooks.put(
        id, new Hook(id, "/orgs/" + organization + "/hooks/" + id, "organization", url, secret));
    return id;
  }

  /** Points a hook made before at another URL, as editing it on GitHub does. */
  public synchronized void retarget(long hookId, String url) {
    Hook hook = existingHook(hookId);
    hooks.put(hookId, new Hook(hookId, hook.path(), hook.targetType(), url, hook.secret()));
  }

  /**
   * Sends an event to the webhook URL as GitHub does ({@code X-GitHub-Event}, a fresh {@code
   * X-GitHub-Delivery} guid, {@code X-Hub-Signature-256}) and records the outcome as a delivery of
   * the App's hook: a refused connection is status code 0, like GitHub's "failed to connect".
   *
   * @return the recorded delivery
   */
  public HookDelivery deliver(String event, String action, Long repositoryId, byte[] payload) {
    long app;
    synchronized (this) {
      app =
          hooks.values().stream()
              .filter(hook -> hook.path().equals(APP_HOOK))
              .mapToLong(Hook::id)
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("set the webhook URL with webhookTarget first"));
    }
    return deliverTo(app, event, action, repositoryId, payload);
  }

  /**
   * Sends an event through hook {@code hookId} as GitHub does and records the outcome as one of its
   * deliveries, as {@link #deliver} does for the App's hook.
   */
  public HookDelivery deliverTo(
      long hookId, String event, String action, Long repositoryId, byte[] payload) {
    String guid = java.util.UUID.randomUUID().toString();
    synchronized (this) {
      existingHook(hookId);
      events.put(guid, new StoredEvent(hookId, event, action, repositoryId, payload.clone()));
    }
    return send(guid, false);
  }

  /** Every delivery of every hook so far, oldest first, redeliveries included. */
  public synchronized List<HookDelivery> hookDeliveries() {
    return List.copyOf(hookDeliveries);
  }

  /** Every delivery of one hook so far, oldest first, redeliveries included. */
  public synchronized List<HookDelivery> hookDeliveries(long hookId) {
    return hookDeliveries.stream().filter(delivery -> delivery.hookId() == hookId).toList();
  }

  private Hook existingHook(long hookId) {
    Hook hook = hooks.get(hookId);
    if (hook == null) {
      throw new IllegalArgumentException(
          "no hook " + hookId + "; make one with repositoryHook or organizationHook");
    }
    return hook;
  }

  /**
   * Redelivery requests ({@code POST .../deliveries/{id}/attempts}) of every hook so far, whatever
   * the fake answered.
   */
  public synchronized List<Request> redeliveryRequests() {
    return requests.stream()
        .filter(r -> r.method().equals("POST") && REDELIVERY.matcher(r.path()).matches())
        .toList();
  }

  /** Makes {@code user} a member of the organisation {@code organisation}. */
  public synchronized void member(String organisation, String user) {
    members.add(memberKey(organisation, user));
  }

  /** Shows a pull request, replacing the one of the same number (as a push to its head does). */
  public synchronized void pullRequest(PullRequest pullRequest) {
    pullRequests.put(pullRequest.repository() + "#" + pullRequest.number(), pullRequest);
  }

  /** The reactions a comment received, oldest first. */
  public synchronized List<Reaction> reactions(long commentId) {
    return reactions.stream().filter(r -> r.commentId() == commentId).toList();
  }

  /** The comments an issue or pull request received, oldest first. */
  public synchronized List<IssueComment> issueComments(String repository, int number) {
    return issueComments.stream()
        .filter(c -> c.repository().equals(repository) && c.number() == number)
        .toList();
  }

  /** Installation tokens minted from now on expire after {@code lifetime} (GitHub's is an hour). */
  public synchronized void installationTokenLifetime(Duration lifetime) {
    installationTokenLifetime = lifetime;
  }

  /**
   * Answers every request that presents {@code token} with 401 "Bad credentials", as GitHub answers
   * a revoked or mistyped token.
   */
  public synchronized void refuseToken(String token) {
    refusedTokens.add(token);
  }

  /** Forgets every request, status and fault. */
  public synchronized void reset() {
    refusedTokens.clear();
    rateLimitedReads = 0;
    hookDeliveries.clear();
    hooks.clear();
    events.clear();
    requests.clear();
    statuses.clear();
    deployments.clear();
    deploymentStatuses.clear();
    members.clear();
    pullRequests.clear();
    reactions.clear();
    issueComments.clear();
    faults.clear();
  }

  @Override
  public void close() {
    redeliveries.shutdownNow();
    server.stop(0);
    if (contents != null) {
      contents.close();
    }
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Matcher contentsPath = CONTENTS.matcher(path);
      FakeContents served = contents;
      if (method.equals("GET") && contentsPath.matches() && served != null) {
        // Outside the monitor: reading a repository does not wait for the status writes.
        serveContents(exchange, served, contentsPath);
        return;
      }
      Answer answer = null;
      Matcher fakeSend = FAKE_SEND.matcher(path);
      if (method.equals("POST") && fakeSend.matches()) {
        // Outside the monitor: sending waits for the webhook's endpoint.
        answer =
            sendThroughHook(
                Long.parseLong(fakeSend.group(1)),
                exchange.getRequestHeaders().getFirst("X-GitHub-Event"),
                body);
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      synchronized (this) {
        if (answer == null && refused(authorization)) {
          answer = new Answer(401, error("Bad credentials"));
        }
        answer =
            answer != null
                ? answer
                : answer(method, path, exchange.getRequestURI().getRawQuery(), body);
        requests.add(
            new Request(clock.instant(), method, path, authorization, body, answer.status()));
      }
      if (echo != null && !path.startsWith("/_fake/")) {
        echo.println(describe(method, path, body, answer.status()));
      }
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      if (answer.body() == null) {
        exchange.sendResponseHeaders(answer.status(), -1);
        return;
      }
      byte[] bytes = json.writeValueAsBytes(answer.body());
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private void serveContents(HttpExchange exchange, FakeContents served, Matcher path)
      throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    FakeContents.Reply reply = null;
    long retryAfter = -1;
    synchronized (this) {
      if (refused(authorization)) {
        reply = badCredentials();
      } else if (rateLimitedReads > 0) {
        rateLimitedReads--;
        retryAfter = readsRetryAfterSeconds;
        reply =
            new FakeContents.Reply(
                403,
                "application/json; charset=utf-8",
                json.writeValueAsBytes(error("API rate limit exceeded for installation ID 1.")));
      }
    }
    if (reply == null) {
      reply =
          served.get(
              path.group(1),
              path.group(2),
              path.group(3),
              parameters(exchange.getRequestURI().getRawQuery()).get("ref"),
              exchange.getRequestHeaders().getFirst("Accept"));
    }
    synchronized (this) {
      requests.add(
          new Request(
              clock.instant(),
              "GET",
              exchange.getRequestURI().getPath(),
              authorization,
              "",
              reply.status()));
    }
    if (echo != null) {
      echo.println(describe("GET", exchange.getRequestURI().getPath(), "", reply.status()));
    }
    if (retryAfter >= 0) {
      exchange.getResponseHeaders().set("Retry-After", String.valueOf(retryAfter));
      exchange.getResponseHeaders().set("X-RateLimit-Remaining", "0");
    }
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    exchange.sendResponseHeaders(reply.status(), reply.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(reply.body());
    }
  }

  /** GitHub takes a token after either scheme. Called with the monitor held. */
  private boolean refused(String authorization) {
    return authorization != null
        && refusedTokens.contains(authorization.replaceFirst("^(token|Bearer) ", ""));
  }

  private FakeContents.Reply badCredentials() throws IOException {
    return new FakeContents.Reply(
        401, "application/json; charset=utf-8", json.writeValueAsBytes(error("Bad credentials")));
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
    if (method.equals("GET") && path.equals("/_fake/deployments")) {
      return new Answer(200, listDeploymentsWithStatuses(query));
    }
    if (method.equals("POST") && path.equals("/_fake/members")) {
      Map<String, String> parameters = parameters(query);
      members.add(memberKey(parameters.get("org"), parameters.get("user")));
      return new Answer(204, null);
    }
    if (method.equals("POST") && path.equals("/_fake/pulls")) {
      Map<String, String> parameters = parameters(query);
      pullRequest(
          new PullRequest(
              parameters.get("repo"),
              Integer.parseInt(parameters.get("number")),
              parameters.get("sha"),
              parameters.get("ref"),
              parameters.getOrDefault("head_repo", parameters.get("repo")),
              parameters.getOrDefault("base", "main")));
      return new Answer(204, null);
    }
    if (method.equals("POST")) {
      Answer fault = activeFault();
      if (fault != null) {
        return fault;
      }
    }
    Matcher statusPath = STATUSES.matcher(path);
    if (method.equals("GET") && statusPath.matches()) {
      return new Answer(
          200,
          commitStatuses(statusPath.group(1) + "/" + statusPath.group(2), statusPath.group(3)));
    }
    if (method.equals("POST") && statusPath.matches()) {
      return createStatus(
          statusPath.group(1) + "/" + statusPath.group(2),
          statusPath.group(3),
          json.readTree(body));
    }
    Answer pullRequest = pullRequestCall(method, path, body);
    if (pullRequest != null) {
      return pullRequest;
    }
    Answer hook = hookDeliveryCall(method, path, query);
    if (hook != null) {
      return hook;
    }
    Answer deployment = deploymentCall(method, path, query, body);
    if (deployment != null) {
      return deployment;
    }
    Matcher repositoryPath = REPOSITORY.matcher(path);
    if (method.equals("GET") && repositoryPath.matches()) {
      FakeContents served = contents;
      if (served != null && !served.has(repositoryPath.group(1), repositoryPath.group(2))) {
        return new Answer(404, error("Not Found"));
      }
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
    faults.removeIf(
        fault -> fault.times() <= 0 || fault.until() != null && !now.isBefore(fault.until()));
    if (faults.isEmpty()) {
      return null;
    }
    Fault fault = faults.get(0);
    faults.set(
        0, new Fault(fault.status(), fault.until(), fault.times() - 1, fault.retryAfterSeconds()));
    if (fault.retryAfterSeconds() >= 0) {
      return new Answer(
          fault.status(),
          error(
              "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."),
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
    String description =
        request.path("description").isNull() ? null : request.path("description").asText(null);
    if (description != null
        && description.codePointCount(0, description.length()) > MAX_DESCRIPTION) {
      return validationFailed(
          "description is too long (maximum is " + MAX_DESCRIPTION + " characters)");
    }
    String targetUrl =
        request.path("target_url").isNull() ? null : request.path("target_url").asText(null);
    String context = request.path("context").asText("default");
    Status status =
        new Status(
            ids.incrementAndGet(),
            repository,
            sha,
            state,
            description,
            targetUrl,
            context,
            clock.instant().truncatedTo(ChronoUnit.SECONDS));
    statuses.add(status);
    return new Answer(
        201,
        statusJson(status),
        Map.of("Location", url() + "/repos/" + repository + "/statuses/" + sha));
  }

  /**
   * Called with the monitor held; null when the path is none of what pull-request commands call:
   * membership, a pull request, a commit's combined status, reactions and comments.
   */
  private Answer pullRequestCall(String method, String path, String body) throws IOException {
    Matcher member = MEMBER.matcher(path);
    if (method.equals("GET") && member.matches()) {
      // GitHub answers a requester who is a member of the organisation 204 or 404, without a body.
      return members.contains(memberKey(member.group(1), member.group(2)))
          ? new Answer(204, null)
          : new Answer(404, error("Not Found"));
    }
    Matcher pull = PULL_REQUEST.matcher(path);
    if (method.equals("GET") && pull.matches()) {
      PullRequest known =
          pullRequests.get(pull.group(1) + "/" + pull.group(2) + "#" + pull.group(3));
      return known == null
          ? new Answer(404, error("Not Found"))
          : new Answer(200, pullRequestJson(known));
    }
    Matcher combined = COMBINED_STATUS.matcher(path);
    if (method.equals("GET") && combined.matches()) {
      return new Answer(
          200, combinedStatus(combined.group(1), combined.group(2), combined.group(3)));
    }
    Matcher reaction = REACTIONS.matcher(path);
    if (method.equals("POST") && reaction.matches()) {
      return react(
          reaction.group(1) + "/" + reaction.group(2),
          Long.parseLong(reaction.group(3)),
          json.readTree(body));
    }
    Matcher comments = ISSUE_COMMENTS.matcher(path);
    if (method.equals("POST") && comments.matches()) {
      JsonNode request = json.readTree(body);
      if (!request.path("body").isTextual()) {
        return validationFailed("body is required and must be a string");
      }
      IssueComment comment =
          new IssueComment(
              ids.incrementAndGet(),
              comments.group(1) + "/" + comments.group(2),
              Integer.parseInt(comments.group(3)),
              request.get("body").asText());
      issueComments.add(comment);
      return new Answer(201, issueCommentJson(comment));
    }
    return null;
  }

  /** GitHub answers 200 with the existing reaction when the same one is given again. */
  private Answer react(String repository, long commentId, JsonNode request) {
    String content = request.path("content").asText("");
    if (!REACTION_CONTENTS.contains(content)) {
      return validationFailed(
          "content must be one of " + REACTION_CONTENTS + ", got '" + content + "'");
    }
    for (Reaction existing : reactions(commentId)) {
      if (existing.content().equals(content)) {
        return new Answer(200, reactionJson(existing));
      }
    }
    Reaction reaction = new Reaction(ids.incrementAndGet(), repository, commentId, content);
    reactions.add(reaction);
    return new Answer(201, reactionJson(reaction));
  }

  private static String memberKey(String organisation, String user) {
    return (organisation + "/" + user).toLowerCase(java.util.Locale.ROOT);
  }

  /** Called with the monitor held; null when the path is not a deployment's. */
  private Answer deploymentCall(String method, String path, String query, String body)
      throws IOException {
    Matcher statusesPath = DEPLOYMENT_STATUSES.matcher(path);
    if (statusesPath.matches()) {
      String repository = statusesPath.group(1) + "/" + statusesPath.group(2);
      Deployment deployment = deployment(repository, Long.parseLong(statusesPath.group(3)));
      if (deployment == null) {
        return new Answer(404, error("Not Found"));
      }
      if (method.equals("POST")) {
        return createDeploymentStatus(deployment, json.readTree(body));
      }
      ArrayNode list = json.createArrayNode();
      List<DeploymentStatus> newestFirst = new ArrayList<>(deploymentStatuses(deployment.id()));
      java.util.Collections.reverse(newestFirst);
      newestFirst.forEach(status -> list.add(deploymentStatusJson(status)));
      return new Answer(200, list);
    }
    Matcher onePath = DEPLOYMENT.matcher(path);
    if (method.equals("GET") && onePath.matches()) {
      Deployment deployment =
          deployment(onePath.group(1) + "/" + onePath.group(2), Long.parseLong(onePath.group(3)));
      return deployment == null
          ? new Answer(404, error("Not Found"))
          : new Answer(200, deploymentJson(deployment));
    }
    Matcher listPath = DEPLOYMENTS.matcher(path);
    if (listPath.matches()) {
      String repository = listPath.group(1) + "/" + listPath.group(2);
      if (method.equals("POST")) {
        return createDeployment(repository, json.readTree(body));
      }
      Map<String, String> filters = parameters(query);
      ArrayNode list = json.createArrayNode();
      List<Deployment> newestFirst = new ArrayList<>(deployments(repository));
      java.util.Collections.reverse(newestFirst);
      newestFirst.stream()
          .filter(
              d ->
                  matches(filters, "sha", d.sha())
                      && matches(filters, "ref", d.ref())
                      && matches(filters, "task", d.task())
                      && matches(filters, "environment", d.environment()))
          .forEach(d -> list.add(deploymentJson(d)));
      return new Answer(200, list);
    }
    return null;
  }

  private static boolean matches(Map<String, String> filters, String name, String value) {
    return !filters.containsKey(name) || filters.get(name).equals(value);
  }

  private Deployment deployment(String repository, long id) {
    return deployments.stream()
        .filter(d -> d.id() == id && d.repository().equals(repository))
        .findFirst()
        .orElse(null);
  }

  /**
   * Checks the body against GitHub's request schema for creating a deployment (ref required, the
   * types).
   */
  private Answer createDeployment(String repository, JsonNode request) {
    if (!request.path("ref").isTextual() || request.path("ref").asText().isEmpty()) {
      return validationFailed("ref is required and must be a string");
    }
    for (String text : List.of("task", "environment")) {
      if (request.has(text) && !request.get(text).isTextual()) {
        return validationFailed(text + " must be a string");
      }
    }
    if (request.has("description")
        && !request.get("description").isTextual()
        && !request.get("description").isNull()) {
      return validationFailed("description must be a string or null");
    }
    for (String flag : List.of("auto_merge", "transient_environment", "production_environment")) {
      if (request.has(flag) && !request.get(flag).isBoolean()) {
        return validationFailed(flag + " must be a boolean");
      }
    }
    List<String> requiredContexts = null;
    if (request.has("required_contexts")) {
      JsonNode contexts = request.get("required_contexts");
      if (!contexts.isArray()) {
        return validationFailed("required_contexts must be an array of strings");
      }
      requiredContexts = new ArrayList<>();
      for (JsonNode context : contexts) {
        if (!context.isTextual()) {
          return validationFailed("required_contexts must be an array of strings");
        }
        requiredContexts.add(context.asText());
      }
    }
    JsonNode payload = request.get("payload");
    if (payload != null && !payload.isObject() && !payload.isTextual()) {
      return validationFailed("payload must be an object or a string");
    }
    String ref = request.get("ref").asText();
    String environment = request.path("environment").asText("production");
    Deployment deployment =
        new Deployment(
            ids.incrementAndGet(),
            repository,
            ref,
            shaOf(repository, ref),
            request.path("task").asText("deploy"),
            environment,
            request.path("description").isTextual() ? request.get("description").asText() : null,
            payload == null ? json.getNodeFactory().textNode("") : payload,
            request.has("auto_merge") ? request.get("auto_merge").asBoolean() : null,
            requiredContexts,
            request.has("production_environment")
                ? request.get("production_environment").asBoolean()
                : environment.equals("production"),
            clock.instant().truncatedTo(ChronoUnit.SECONDS));
    deployments.add(deployment);
    return new Answer(201, deploymentJson(deployment));
  }

  /** The fake knows no git objects: a ref that is not a sha gets one made from its name. */
  private static String shaOf(String repository, String ref) {
    if (SHA.matcher(ref).matches()) {
      return ref;
    }
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-1")
              .digest((repository + "@" + ref).getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Checks the body against GitHub's request schema for a deployment status (state required, its
   * enum).
   */
  private Answer createDeploymentStatus(Deployment deployment, JsonNode request) {
    String state = request.path("state").asText("");
    if (!DEPLOYMENT_STATES.contains(state)) {
      return validationFailed(
          "state must be one of " + DEPLOYMENT_STATES + ", got '" + state + "'");
    }
    for (String text :
        List.of("target_url", "log_url", "description", "environment", "environment_url")) {
      if (request.has(text) && !request.get(text).isTextual()) {
        return validationFailed(text + " must be a string");
      }
    }
    if (request.has("auto_inactive") && !request.get("auto_inactive").isBoolean()) {
      return validationFailed("auto_inactive must be a boolean");
    }
    String description = request.path("description").asText(null);
    if (description != null
        && description.codePointCount(0, description.length()) > MAX_DESCRIPTION) {
      return validationFailed(
          "description is too long (maximum is " + MAX_DESCRIPTION + " characters)");
    }
    String logUrl = request.path("log_url").asText(null);
    // GitHub: setting log_url sets target_url to the same value.
    String targetUrl = logUrl != null ? logUrl : request.path("target_url").asText(null);
    DeploymentStatus status =
        new DeploymentStatus(
            ids.incrementAndGet(),
            deployment.id(),
            deployment.repository(),
            request.path("environment").asText(deployment.environment()),
            state,
            description,
            request.path("environment_url").asText(null),
            logUrl,
            targetUrl,
            clock.instant().truncatedTo(ChronoUnit.SECONDS));
    deploymentStatuses.add(status);
    return new Answer(201, deploymentStatusJson(status));
  }

  private HookDelivery send(String guid, boolean redelivery) {
    StoredEvent stored;
    Hook hook;
    synchronized (this) {
      stored = events.get(guid);
      hook = hooks.get(stored.hookId());
    }
    Instant start = clock.instant();
    int statusCode;
    String status;
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(hook.url()))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .header("User-Agent", "GitHub-Hookshot/fake")
              .header("X-GitHub-Event", stored.event())
              .header("X-GitHub-Delivery", guid)
              .header("X-GitHub-Hook-ID", String.valueOf(hook.id()))
              .header("X-GitHub-Hook-Installation-Target-Type", hook.targetType())
              .POST(HttpRequest.BodyPublishers.ofByteArray(stored.payload()));
      if (hook.secret() != null) {
        request.header("X-Hub-Signature-256", signature(hook.secret(), stored.payload()));
      }
      statusCode =
          webhookClient.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      status = statusCode / 100 == 2 ? "OK" : "Invalid HTTP Response: " + statusCode;
    } catch (IOException unreachable) {
      statusCode = 0;
      status = "failed to connect to host";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      statusCode = 0;
      status = "timed out";
    }
    Instant end = clock.instant();
    synchronized (this) {
      HookDelivery delivery =
          new HookDelivery(
              ids.incrementAndGet(),
              guid,
              start.truncatedTo(ChronoUnit.SECONDS),
              redelivery,
              Duration.between(start, end).toMillis() / 1000.0,
              status,
              statusCode,
              stored.event(),
              stored.action(),
              1,
              stored.repositoryId(),
              hook.id());
      hookDeliveries.add(delivery);
      return delivery;
    }
  }

  /**
   * GitHub's webhook signature: HMAC-SHA256 of the body with the secret, hex, after {@code
   * sha256=}.
   */
  public static String signature(String secret, byte[] body) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code GET .../deliveries} of a hook newest first, {@code per_page} (default 30, at most 100) a
   * page, the next page named by a {@code cursor} in the {@code Link} header as GitHub does; {@code
   * POST .../deliveries/{id}/attempts} answers 202 and sends the delivery's event again, on a
   * thread of its own since GitHub too redelivers after answering. A repository or organisation
   * hook that does not exist is 404, as on GitHub; the App's hook always exists.
   */
  private Answer hookDeliveryCall(String method, String path, String query) {
    Matcher list = HOOK_DELIVERIES.matcher(path);
    if (method.equals("GET") && list.matches()) {
      Hook hook = hookAt(list.group(1));
      if (hook == null && !list.group(1).equals(APP_HOOK)) {
        return new Answer(404, error("Not Found"));
      }
      Map<String, String> parameters = parameters(query);
      int perPage =
          Math.min(MAX_PER_PAGE, Integer.parseInt(parameters.getOrDefault("per_page", "30")));
      List<HookDelivery> newestFirst =
          new ArrayList<>(
              hookDeliveries.stream()
                  .filter(delivery -> hook != null && delivery.hookId() == hook.id())
                  .toList());
      java.util.Collections.reverse(newestFirst);
      int from = 0;
      if (parameters.containsKey("cursor")) {
        long after = Long.parseLong(parameters.get("cursor"));
        while (from < newestFirst.size() && newestFirst.get(from).id() >= after) {
          from++;
        }
      }
      List<HookDelivery> page =
          newestFirst.subList(from, Math.min(newestFirst.size(), from + perPage));
      ArrayNode items = json.createArrayNode();
      page.forEach(delivery -> items.add(hookDeliveryJson(delivery)));
      Map<String, String> headers = new HashMap<>();
      if (from + perPage < newestFirst.size()) {
        headers.put(
            "Link",
            "<"
                + url()
                + path
                + "?per_page="
                + perPage
                + "&cursor="
                + page.get(page.size() - 1).id()
                + ">; rel=\"next\"");
      }
      return new Answer(200, items, headers);
    }
    Matcher redelivery = REDELIVERY.matcher(path);
    if (method.equals("POST") && redelivery.matches()) {
      Hook hook = hookAt(redelivery.group(1));
      long id = Long.parseLong(redelivery.group(2));
      HookDelivery original =
          hookDeliveries.stream()
              .filter(d -> d.id() == id && hook != null && d.hookId() == hook.id())
              .findFirst()
              .orElse(null);
      if (original == null) {
        return new Answer(404, error("Not Found"));
      }
      redeliveries.execute(() -> send(original.guid(), true));
      return new Answer(202, json.createObjectNode());
    }
    return null;
  }

  /** Called with the monitor held. */
  private Hook hookAt(String path) {
    return hooks.values().stream()
        .filter(hook -> hook.path().equals(path))
        .findFirst()
        .orElse(null);
  }

  /**
   * {@code POST /_fake/hooks/{id}/deliveries}: the delivery as GitHub lists it, 404 for no such
   * hook.
   */
  private Answer sendThroughHook(long hookId, String event, String body) {
    synchronized (this) {
      if (!hooks.containsKey(hookId)) {
        return new Answer(404, error("no hook " + hookId));
      }
    }
    if (event == null) {
      return new Answer(400, error("X-GitHub-Event is missing"));
    }
    JsonNode payload;
    try {
      payload = json.readTree(body);
    } catch (IOException notJson) {
      return new Answer(400, error("the payload is not JSON"));
    }
    Long repositoryId =
        payload.path("repository").hasNonNull("id")
            ? payload.path("repository").path("id").asLong()
            : null;
    HookDelivery delivery =
        deliverTo(
            hookId,
            event,
            payload.path("action").asText(null),
            repositoryId,
            body.getBytes(StandardCharsets.UTF_8));
    synchronized (this) {
      return new Answer(201, hookDeliveryJson(delivery));
    }
  }

  private ObjectNode hookDeliveryJson(HookDelivery delivery) {
    ObjectNode node = json.createObjectNode();
    node.put("id", delivery.id());
    node.put("guid", delivery.guid());
    node.put("delivered_at", delivery.deliveredAt().toString());
    node.put("redelivery", delivery.redelivery());
    node.put("duration", delivery.durationSeconds());
    node.put("status", delivery.status());
    node.put("status_code", delivery.statusCode());
    node.put("event", delivery.event());
    node.put("action", delivery.action());
    node.put("installation_id", delivery.installationId());
    if (delivery.repositoryId() == null) {
      node.putNull("repository_id");
    } else {
      node.put("repository_id", delivery.repositoryId());
    }
    node.putNull("throttled_at");
    return node;
  }

  private ObjectNode deploymentJson(Deployment deployment) {
    String api = url() + "/repos/" + deployment.repository();
    ObjectNode node = json.createObjectNode();
    node.put("url", api + "/deployments/" + deployment.id());
    node.put("id", deployment.id());
    node.put("node_id", "DE_fake" + deployment.id());
    node.put("sha", deployment.sha());
    node.put("ref", deployment.ref());
    node.put("task", deployment.task());
    node.set("payload", deployment.payload());
    node.put("original_environment", deployment.environment());
    node.put("environment", deployment.environment());
    node.put("description", deployment.description());
    node.set("creator", user("slipway[bot]", 41898282, "Bot"));
    node.put("created_at", deployment.createdAt().toString());
    node.put("updated_at", deployment.createdAt().toString());
    node.put("statuses_url", api + "/deployments/" + deployment.id() + "/statuses");
    node.put("repository_url", api);
    node.put("transient_environment", false);
    node.put("production_environment", deployment.productionEnvironment());
    node.putNull("performed_via_github_app");
    return node;
  }

  /** As GitHub answers: links that were not set are empty strings, not null. */
  private ObjectNode deploymentStatusJson(DeploymentStatus status) {
    String api = url() + "/repos/" + status.repository();
    ObjectNode node = json.createObjectNode();
    node.put("url", api + "/deployments/" + status.deploymentId() + "/statuses/" + status.id());
    node.put("id", status.id());
    node.put("node_id", "DES_fake" + status.id());
    node.put("state", status.state());
    node.set("creator", user("slipway[bot]", 41898282, "Bot"));
    node.put("description", status.description() == null ? "" : status.description());
    node.put("environment", status.environment());
    node.put("target_url", status.targetUrl() == null ? "" : status.targetUrl());
    node.put("created_at", status.createdAt().toString());
    node.put("updated_at", status.createdAt().toString());
    node.put("deployment_url", api + "/deployments/" + status.deploymentId());
    node.put("repository_url", api);
    node.put("environment_url", status.environmentUrl() == null ? "" : status.environmentUrl());
    node.put("log_url", status.logUrl() == null ? "" : status.logUrl());
    node.putNull("performed_via_github_app");
    return node;
  }

  /**
   * For the demo's watcher: each deployment with its statuses (oldest first) and its current state.
   */
  private ArrayNode listDeploymentsWithStatuses(String query) {
    Map<String, String> parameters = parameters(query);
    ArrayNode list = json.createArrayNode();
    deployments.stream()
        .filter(
            d -> !parameters.containsKey("repo") || d.repository().equals(parameters.get("repo")))
        .filter(d -> matches(parameters, "environment", d.environment()))
        .forEach(
            d -> {
              ObjectNode node = deploymentJson(d).put("repository", d.repository());
              ArrayNode statusList = node.putArray("statuses");
              List<DeploymentStatus> own = deploymentStatuses(d.id());
              own.forEach(status -> statusList.add(deploymentStatusJson(status)));
              node.put("state", own.isEmpty() ? null : own.get(own.size() - 1).state());
              list.add(node);
            });
    return list;
  }

  private ArrayNode listStatuses(String query) {
    Map<String, String> parameters = parameters(query);
    ArrayNode list = json.createArrayNode();
    statuses.stream()
        .filter(
            s -> !parameters.containsKey("repo") || s.repository().equals(parameters.get("repo")))
        .filter(s -> !parameters.containsKey("sha") || s.sha().equals(parameters.get("sha")))
        .forEach(
            s -> list.add(statusJson(s).put("repository", s.repository()).put("sha", s.sha())));
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

  private ObjectNode pullRequestJson(PullRequest pull) {
    String api = url() + "/repos/" + pull.repository();
    String html = "https://github.com/" + pull.repository() + "/pull/" + pull.number();
    ObjectNode node = json.createObjectNode();
    node.put("url", api + "/pulls/" + pull.number());
    node.put("id", Math.abs((long) (pull.repository() + pull.number()).hashCode()));
    node.put("node_id", "PR_fake" + pull.number());
    node.put("html_url", html);
    node.put("diff_url", html + ".diff");
    node.put("patch_url", html + ".patch");
    node.put("issue_url", api + "/issues/" + pull.number());
    node.put("commits_url", api + "/pulls/" + pull.number() + "/commits");
    node.put("review_comments_url", api + "/pulls/" + pull.number() + "/comments");
    node.put("review_comment_url", api + "/pulls/comments{/number}");
    node.put("comments_url", api + "/issues/" + pull.number() + "/comments");
    node.put("statuses_url", api + "/statuses/" + pull.headSha());
    node.put("number", pull.number());
    node.put("state", "open");
    node.put("locked", false);
    node.put("title", "pull request " + pull.number());
    String author = pull.headRepository().substring(0, pull.headRepository().indexOf('/'));
    node.set("user", user(author, Math.abs(author.hashCode()), "User"));
    node.put("body", "served by the fake GitHub");
    node.putArray("labels");
    node.putNull("milestone");
    node.put("created_at", "2024-01-01T00:00:00Z");
    node.put("updated_at", "2024-01-01T00:00:00Z");
    node.putNull("closed_at");
    node.putNull("merged_at");
    node.putNull("merge_commit_sha");
    node.putNull("assignee");
    node.set("head", branch(pull.headRepository(), pull.headRef(), pull.headSha(), author));
    String owner = pull.repository().substring(0, pull.repository().indexOf('/'));
    node.set(
        "base",
        branch(pull.repository(), pull.baseRef(), shaOf(pull.repository(), pull.baseRef()), owner));
    ObjectNode links = node.putObject("_links");
    links.putObject("self").put("href", api + "/pulls/" + pull.number());
    links.putObject("html").put("href", html);
    links.putObject("issue").put("href", api + "/issues/" + pull.number());
    links.putObject("comments").put("href", api + "/issues/" + pull.number() + "/comments");
    links.putObject("review_comments").put("href", api + "/pulls/" + pull.number() + "/comments");
    links.putObject("review_comment").put("href", api + "/pulls/comments{/number}");
    links.putObject("commits").put("href", api + "/pulls/" + pull.number() + "/commits");
    links.putObject("statuses").put("href", api + "/statuses/" + pull.headSha());
    node.put("author_association", "NONE");
    node.putNull("auto_merge");
    node.put("merged", false);
    node.putNull("mergeable");
    node.put("mergeable_state", "unknown");
    node.putNull("merged_by");
    node.put("comments", 0);
    node.put("review_comments", 0);
    node.put("maintainer_can_modify", false);
    node.put("commits", 1);
    node.put("additions", 1);
    node.put("deletions", 0);
    node.put("changed_files", 1);
    return node;
  }

  private ObjectNode branch(String repository, String ref, String sha, String owner) {
    ObjectNode node = json.createObjectNode();
    node.put("label", owner + ":" + ref);
    node.put("ref", ref);
    node.put("sha", sha);
    node.set("user", user(owner, Math.abs(owner.hashCode()), "User"));
    int slash = repository.indexOf('/');
    node.set("repo", repository(repository.substring(0, slash), repository.substring(slash + 1)));
    return node;
  }

  /** {@code GET /repos/{owner}/{repo}/commits/{ref}/status}: the newest status per context. */
  private ObjectNode combinedStatus(String owner, String name, String ref) {
    String repository = owner + "/" + name;
    Map<String, Status> latest = latest(repository, ref);
    ObjectNode node = json.createObjectNode();
    node.put("state", combinedState(latest.values()));
    ArrayNode list = node.putArray("statuses");
    latest.values().forEach(status -> list.add(statusJson(status)));
    node.put("sha", ref);
    node.put("total_count", latest.size());
    node.set("repository", repository(owner, name));
    node.put("commit_url", url() + "/repos/" + repository + "/commits/" + ref);
    node.put("url", url() + "/repos/" + repository + "/commits/" + ref + "/status");
    return node;
  }

  /** GitHub's rule: failure if any is error or failure, else pending if any is, else success. */
  private static String combinedState(java.util.Collection<Status> statuses) {
    if (statuses.stream().anyMatch(s -> s.state().equals("error") || s.state().equals("failure"))) {
      return "failure";
    }
    if (statuses.isEmpty() || statuses.stream().anyMatch(s -> s.state().equals("pending"))) {
      return "pending";
    }
    return "success";
  }

  private ObjectNode reactionJson(Reaction reaction) {
    ObjectNode node = json.createObjectNode();
    node.put("id", reaction.id());
    node.put("node_id", "REA_fake" + reaction.id());
    node.set("user", user("slipway[bot]", 41898282, "Bot"));
    node.put("content", reaction.content());
    node.put("created_at", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    return node;
  }

  private ObjectNode issueCommentJson(IssueComment comment) {
    String api = url() + "/repos/" + comment.repository();
    ObjectNode node = json.createObjectNode();
    node.put("id", comment.id());
    node.put("node_id", "IC_fake" + comment.id());
    node.put("url", api + "/issues/comments/" + comment.id());
    node.put("body", comment.body());
    node.put(
        "html_url",
        "https://github.com/"
            + comment.repository()
            + "/pull/"
            + comment.number()
            + "#issuecomment-"
            + comment.id());
    node.set("user", user("slipway[bot]", 41898282, "Bot"));
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    node.put("created_at", now);
    node.put("updated_at", now);
    node.put("issue_url", api + "/issues/" + comment.number());
    node.put("author_association", "NONE");
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
    // The URL templates GitHub's "repository" and "minimal-repository" schemas require.
    for (String path :
        List.of(
            "archive_url:/{archive_format}{/ref}",
            "assignees_url:/assignees{/user}",
            "blobs_url:/git/blobs{/sha}",
            "branches_url:/branches{/branch}",
            "collaborators_url:/collaborators{/collaborator}",
            "comments_url:/comments{/number}",
            "commits_url:/commits{/sha}",
            "compare_url:/compare/{base}...{head}",
            "contents_url:/contents/{+path}",
            "contributors_url:/contributors",
            "downloads_url:/downloads",
            "events_url:/events",
            "forks_url:/forks",
            "git_commits_url:/git/commits{/sha}",
            "git_refs_url:/git/refs{/sha}",
            "git_tags_url:/git/tags{/sha}",
            "hooks_url:/hooks",
            "issue_comment_url:/issues/comments{/number}",
            "issue_events_url:/issues/events{/number}",
            "issues_url:/issues{/number}",
            "keys_url:/keys{/key_id}",
            "labels_url:/labels{/name}",
            "languages_url:/languages",
            "merges_url:/merges",
            "milestones_url:/milestones{/number}",
            "notifications_url:/notifications{?since,all,participating}",
            "pulls_url:/pulls{/number}",
            "releases_url:/releases{/id}",
            "stargazers_url:/stargazers",
            "subscribers_url:/subscribers",
            "subscription_url:/subscription",
            "tags_url:/tags",
            "teams_url:/teams",
            "trees_url:/git/trees{/sha}")) {
      int colon = path.indexOf(':');
      node.put(path.substring(0, colon), api + path.substring(colon + 1));
    }
    node.put("has_downloads", false);
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
    permissions
        .put("admin", false)
        .put("maintain", false)
        .put("push", true)
        .put("triage", true)
        .put("pull", true);
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
    node.put(
        "html_url", "https://github.com/organizations/slipway-org/settings/installations/" + id);
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
    node.put(
        "expires_at",
        clock.instant().plus(installationTokenLifetime).truncatedTo(ChronoUnit.SECONDS).toString());
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
    String api = url() + "/users/" + login;
    node.put("followers_url", api + "/followers");
    node.put("following_url", api + "/following{/other_user}");
    node.put("gists_url", api + "/gists{/gist_id}");
    node.put("starred_url", api + "/starred{/owner}{/repo}");
    node.put("subscriptions_url", api + "/subscriptions");
    node.put("organizations_url", api + "/orgs");
    node.put("repos_url", api + "/repos");
    node.put("events_url", api + "/events{/privacy}");
    node.put("received_events_url", api + "/received_events");
    node.put("type", type);
    node.put("site_admin", false);
    return node;
  }

  private Answer validationFailed(String message) {
    ObjectNode body = error("Validation Failed");
    body.putArray("errors")
        .addObject()
        .put("resource", "Status")
        .put("code", "custom")
        .put("message", message);
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
    String time =
        LocalTime.ofInstant(clock.instant(), ZoneId.systemDefault())
            .truncatedTo(ChronoUnit.MILLIS)
            .toString();
    String line = String.format("%-12s %-4s %s -> %d", time, method, path, status);
    Matcher statusPath = STATUSES.matcher(path);
    if (method.equals("POST")
        && (DEPLOYMENTS.matcher(path).matches() || DEPLOYMENT_STATUSES.matcher(path).matches())) {
      try {
        JsonNode request = json.readTree(body);
        line +=
            request.has("ref")
                ? String.format(
                    "%n             deployment of %s to %s",
                    request.path("ref").asText(), request.path("environment").asText("production"))
                : String.format(
                    "%n             %-11s %s%s",
                    request.path("state").asText(),
                    request.path("description").asText(""),
                    request.path("environment_url").isTextual()
                        ? "  " + request.path("environment_url").asText()
                        : "");
      } catch (IOException e) {
        line += "  (body is not JSON)";
      }
    } else if (method.equals("POST") && statusPath.matches()) {
      try {
        JsonNode request = json.readTree(body);
        line +=
            String.format(
                "%n             %-16s %-8s %s%s",
                request.path("context").asText(),
                request.path("state").asText(),
                request.path("description").asText(""),
                request.path("target_url").isTextual()
                    ? "  " + request.path("target_url").asText()
                    : "");
      } catch (IOException e) {
        line += "  (body is not JSON)";
      }
    }
    return line;
  }
}
