package dev.slipway.testsupport.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A git server over smart HTTP, as GitHub serves repositories: it serves the bare repositories
 * {@code <root>/<owner>/<repo>.git} at {@code /<owner>/<repo>.git}, read-only, and repositories
 * made private answer only to Basic authentication with their owner's current token (any user name,
 * as GitHub takes {@code x-access-token}), with 401 otherwise.
 */
public final class FakeGitServer implements AutoCloseable {

  private static final Pattern PATH =
      Pattern.compile("/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+\\.git)/(info/refs|git-upload-pack)");

  private final HttpServer server;
  private final Path root;
  private final Map<String, String> tokenByOwner = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  /** One request: which repository, and whether it presented a token that was accepted. */
  public record Request(String repository, String service, boolean authorized) {}

  private FakeGitServer(Path root, int port) throws IOException {
    this.root = root;
    // Without it the last small piece of each answer waits for the client's delayed ACK: a fetch
    // took about 100 ms here instead of 30.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", this::serve);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  /** Serves the bare repositories under {@code root}, all public until {@link #requireToken}. */
  public static FakeGitServer serving(Path root) throws IOException {
    return new FakeGitServer(root, 0);
  }

  /**
   * The demo's git server: {@code FakeGitServer <port> <root> <owner>=<token file>...}, each
   * owner's repositories private to the token in its file.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: FakeGitServer <port> <root> [<owner>=<token file>...]");
      System.exit(2);
    }
    FakeGitServer git = new FakeGitServer(Path.of(args[1]), Integer.parseInt(args[0]));
    for (int i = 2; i < args.length; i++) {
      String[] ownerAndFile = args[i].split("=", 2);
      git.requireToken(ownerAndFile[0], Files.readString(Path.of(ownerAndFile[1])).strip());
    }
    System.out.println("git server on " + git.urlTemplate() + ", serving " + args[1]);
  }

  /** From now on, {@code owner}'s repositories answer only to {@code token}. */
  public FakeGitServer requireToken(String owner, String token) {
    tokenByOwner.put(owner, token);
    return this;
  }

  /** The clone URL of {@code owner/repo}. */
  public String cloneUrl(String repository) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repository + ".git";
  }

  /** The URL template ({@code {owner}}, {@code {repo}}) the compiler and runner take. */
  public String urlTemplate() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/{owner}/{repo}.git";
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
      if (!path.matches()) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String owner = path.group(1);
      String repository = owner + "/" + path.group(2).replaceFirst("\\.git$", "");
      String service = path.group(3);
      boolean authorized =
          authorized(owner, exchange.getRequestHeaders().getFirst("Authorization"));
      requests.add(new Request(repository, service, authorized));
      Path bare = root.resolve(owner).resolve(path.group(2));
      if (!authorized) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"GitHub\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      if (!Files.isDirectory(bare)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      try (Repository git = new FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
        if (service.equals("info/refs")) {
          advertise(exchange, git);
        } else {
          upload(exchange, git);
        }
      }
    }
  }

  private boolean authorized(String owner, String header) {
    String token = tokenByOwner.get(owner);
    if (token == null) {
      return true;
    }
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String credentials =
        new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    return credentials.substring(credentials.indexOf(':') + 1).equals(token);
  }

  private static void advertise(HttpExchange exchange, Repository git) throws IOException {
    exchange
        .getResponseHeaders()
        .add("Content-Type", "application/x-git-upload-pack-advertisement");
    exchange.sendResponseHeaders(200, 0);
    OutputStream body = exchange.getResponseBody();
    PacketLineOut out = new PacketLineOut(body);
    out.writeString("# service=git-upload-pack\n");
    out.end();
    uploadPack(git).sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(out));
    body.flush();
  }

  private static void upload(HttpExchange exchange, Repository git) throws IOException {
    InputStream request = exchange.getRequestBody();
    if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      request = new GZIPInputStream(request);
    }
    exchange.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-result");
    exchange.sendResponseHeaders(200, 0);
    uploadPack(git).upload(request, exchange.getResponseBody(), null);
  }

  private static UploadPack uploadPack(Repository git) {
    UploadPack pack = new UploadPack(git);
    pack.setBiDirectionalPipe(false);
    pack.setRequestPolicy(UploadPack.RequestPolicy.REACHABLE_COMMIT);
    return pack;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
