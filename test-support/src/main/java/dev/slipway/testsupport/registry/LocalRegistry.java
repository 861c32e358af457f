package dev.slipway.testsupport.registry;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.slipway.testsupport.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A real Docker registry (Debian's {@code docker-registry}) on a free port with a temporary storage
 * folder, started once per JVM, holding {@code busybox:latest}: an image made with no download from
 * {@code /bin/busybox} of Debian's {@code busybox-static}, with {@code /bin/sh} being busybox too.
 */
public final class LocalRegistry {

  private static final String ADDRESS_PROPERTY = "slipway.test.registry";
  private static final String ACCOUNT = "slipway";
  private static Secured secured;

  private LocalRegistry() {}

  /** A registry that answers only to its account (htpasswd), as the local stack's does. */
  public record Secured(String address, String username, String password) {
    public String busybox() {
      return address + "/busybox:latest";
    }
  }

  /**
   * A second registry, started once per JVM when first asked for, holding {@code busybox:latest}
   * too.
   */
  public static synchronized Secured secured() {
    if (secured == null) {
      String password = UUID.randomUUID().toString();
      String address = start(ACCOUNT, password);
      pushBusybox(address, ACCOUNT, password);
      secured = new Secured(address, ACCOUNT, password);
    }
    return secured;
  }

  /** {@code 127.0.0.1:<port>} of the running registry. */
  public static synchronized String address() {
    String started = System.getProperty(ADDRESS_PROPERTY);
    if (started != null) {
      return started;
    }
    String address = start(null, null);
    pushBusybox(address, null, null);
    System.setProperty(ADDRESS_PROPERTY, address);
    return address;
  }

  /** The busybox base image in the registry. */
  public static String busybox() {
    return address() + "/busybox:latest";
  }

  /** Starts a registry; with a user name, one that answers only to that account. */
  private static String start(String username, String password) {
    try {
      int port = FreePorts.take();
      Path root = Files.createTempDirectory("slipway-registry");
      Path config = root.resolve("config.yml");
      String auth = "";
      if (username != null) {
        Path htpasswd = root.resolve("htpasswd");
        Files.writeString(htpasswd, username + ":" + bcrypt(password) + "\n");
        auth = "auth:\n  htpasswd:\n    realm: slipway\n    path: " + htpasswd + "\n";
      }
      Files.writeString(
          config,
          "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: "
              + root.resolve("data")
              + "\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:"
              + port
              + "\n"
              + auth);
      Process registry =
          new ProcessBuilder("docker-registry", "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(root.resolve("registry.log").toFile())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(registry::destroy, "registry-stop"));
      awaitPort(port);
      return "127.0.0.1:" + port;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start docker-registry (Debian package docker-registry)", e);
    }
  }

  /**
   * The registry's htpasswd entry: bcrypt, the only scheme docker-registry reads, made by the
   * machine's libcrypt through Python (the stack's script makes its own the same way).
   */
  private static String bcrypt(String password) throws IOException {
    Process python =
        new ProcessBuilder(
                "python3",
                "-W",
                "ignore",
                "-c",
                "import crypt, sys; print(crypt.crypt(sys.stdin.readline().strip(), crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    python.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
    python.getOutputStream().close();
    String hash =
        new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!hash.startsWith("$2")) {
      throw new IOException("python3 made no bcrypt hash for the registry's htpasswd: " + hash);
    }
    return hash;
  }

  /**
   * Pushes the busybox image to the registry at {@code args[0]} ({@code host:port}): the demo's
   * base image. The stack's registry account comes from {@code SLIPWAY_REGISTRY_USERNAME} and
   * {@code SLIPWAY_REGISTRY_PASSWORD}, when set.
   */
  public static void main(String[] args) {
    pushBusybox(
        args[0],
        System.getenv("SLIPWAY_REGISTRY_USERNAME"),
        System.getenv("SLIPWAY_REGISTRY_PASSWORD"));
    System.out.println("pushed " + args[0] + "/busybox:latest");
  }

  /**
   * Pushes {@code busybox:latest}, made from this machine's {@code /bin/busybox}, to {@code
   * address}, with the account if any.
   */
  private static void pushBusybox(String address, String username, String password) {
    Path busybox = Paths.get("/bin/busybox");
    FilePermissions executable = FilePermissions.fromOctalString("755");
    try {
      RegistryImage target = RegistryImage.named(address + "/busybox:latest");
      if (username != null) {
        target.addCredential(username, password);
        // Jib keeps credentials off plain HTTP unless told; these registries listen on loopback
        // only.
        System.setProperty("sendCredentialsOverHttp", "true");
      }
      Jib.fromScratch()
          .addFileEntriesLayer(
              FileEntriesLayer.builder()
                  .addEntry(busybox, AbsoluteUnixPath.get("/bin/busybox"), executable)
                  .addEntry(busybox, AbsoluteUnixPath.get("/bin/sh"), executable)
                  .build())
          .setEnvironment(Map.of("PATH", "/bin"))
          .containerize(Containerizer.to(target).setAllowInsecureRegistries(true));
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot push busybox (Debian package busybox-static) to " + address, e);
    }
  }

  private static void awaitPort(int port) {
    Instant end = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(end)) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        sleep();
      }
    }
    throw new IllegalStateException("docker-registry did not listen on " + port + " within 10 s");
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
