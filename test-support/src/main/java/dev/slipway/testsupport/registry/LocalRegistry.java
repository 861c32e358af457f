package dev.slipway.testsupport.registry;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A real Docker registry (Debian's {@code docker-registry}) on a free port with a temporary storage
 * folder, started once per JVM, holding {@code busybox:latest}: an image made with no download from
 * {@code /bin/busybox} of Debian's {@code busybox-static}, with {@code /bin/sh} being busybox too.
 */
public final class LocalRegistry {

  private static final String ADDRESS_PROPERTY = "slipway.test.registry";

  private LocalRegistry() {}

  /** {@code 127.0.0.1:<port>} of the running registry. */
  public static synchronized String address() {
    String started = System.getProperty(ADDRESS_PROPERTY);
    if (started != null) {
      return started;
    }
    String address = start();
    pushBusybox(address);
    System.setProperty(ADDRESS_PROPERTY, address);
    return address;
  }

  /** The busybox base image in the registry. */
  public static String busybox() {
    return address() + "/busybox:latest";
  }

  private static String start() {
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path root = Files.createTempDirectory("slipway-registry");
      Path config = root.resolve("config.yml");
      Files.writeString(
          config,
          "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: " + root.resolve("data")
              + "\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
      Process registry =
          new ProcessBuilder("docker-registry", "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(root.resolve("registry.log").toFile())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(registry::destroy, "registry-stop"));
      awaitPort(port);
      return "127.0.0.1:" + port;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start docker-registry (Debian package docker-registry)", e);
    }
  }

  /** Pushes the busybox image to the registry at {@code args[0]} ({@code host:port}): the demo's base image. */
  public static void main(String[] args) {
    pushBusybox(args[0]);
    System.out.println("pushed " + args[0] + "/busybox:latest");
  }

  /** Pushes {@code busybox:latest}, made from this machine's {@code /bin/busybox}, to {@code address}. */
  public static void pushBusybox(String address) {
    Path busybox = Paths.get("/bin/busybox");
    FilePermissions executable = FilePermissions.fromOctalString("755");
    try {
      Jib.fromScratch()
          .addFileEntriesLayer(
              FileEntriesLayer.builder()
                  .addEntry(busybox, AbsoluteUnixPath.get("/bin/busybox"), executable)
                  .addEntry(busybox, AbsoluteUnixPath.get("/bin/sh"), executable)
                  .build())
          .setEnvironment(Map.of("PATH", "/bin"))
          .containerize(Containerizer.to(RegistryImage.named(address + "/busybox:latest")).setAllowInsecureRegistries(true));
    } catch (Exception e) {
      throw new IllegalStateException("cannot push busybox (Debian package busybox-static) to " + address, e);
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
