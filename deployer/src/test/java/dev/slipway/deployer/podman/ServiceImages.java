package dev.slipway.deployer.podman;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.slipway.testsupport.registry.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tiny service images pushed to the test registry: busybox (this machine's {@code /bin/busybox})
 * whose command is {@code httpd -f -p 8080 -h /www}, serving an {@code index.html} that names the
 * release and, when healthy, a {@code healthz} file.
 */
final class ServiceImages {

  static final int PORT = 8080;
  private static final List<String> HTTPD =
      List.of("httpd", "-f", "-p", Integer.toString(PORT), "-h", "/www");
  private static final List<String> CRASH =
      List.of("sh", "-c", "echo cannot bind to port 8080 >&2; exit 3");

  private ServiceImages() {}

  /**
   * @return the image's repository and its digest
   */
  static Pushed push(String registry, String repository, String release, boolean healthy)
      throws Exception {
    return push(registry, repository, release, healthy, HTTPD, anonymous -> {});
  }

  /** An image whose command prints a line and exits at once. */
  static Pushed crashing(String registry, String repository) throws Exception {
    return push(registry, repository, "crash", true, CRASH, anonymous -> {});
  }

  /** A healthy service image in a registry that wants an account. */
  static Pushed push(LocalRegistry.Secured registry, String repository, String release)
      throws Exception {
    return push(
        registry.address(),
        repository,
        release,
        true,
        HTTPD,
        target -> target.addCredential(registry.username(), registry.password()));
  }

  /**
   * @param account adds the registry account to the push, where the registry wants one
   */
  private static Pushed push(
      String registry,
      String repository,
      String release,
      boolean healthy,
      List<String> command,
      Consumer<RegistryImage> account)
      throws Exception {
    RegistryImage target = RegistryImage.named(registry + "/" + repository + ":" + release);
    account.accept(target);
    Path www = Files.createTempDirectory("slipway-www-");
    Files.writeString(www.resolve("index.html"), "release " + release + "\n");
    Files.writeString(www.resolve("healthz"), "ok\n");
    Path busybox = Paths.get("/bin/busybox");
    FilePermissions executable = FilePermissions.fromOctalString("755");
    FileEntriesLayer.Builder files =
        FileEntriesLayer.builder()
            .addEntry(busybox, AbsoluteUnixPath.get("/bin/busybox"), executable)
            .addEntry(busybox, AbsoluteUnixPath.get("/bin/sh"), executable)
            .addEntry(busybox, AbsoluteUnixPath.get("/bin/httpd"), executable)
            .addEntry(www.resolve("index.html"), AbsoluteUnixPath.get("/www/index.html"));
    if (healthy) {
      files.addEntry(www.resolve("healthz"), AbsoluteUnixPath.get("/www/healthz"));
    }
    String image = registry + "/" + repository;
    try {
      JibContainer pushed =
          Jib.fromScratch()
              .addFileEntriesLayer(files.build())
              .setEnvironment(Map.of("PATH", "/bin"))
              .setEntrypoint(command)
              .containerize(Containerizer.to(target).setAllowInsecureRegistries(true));
      return new Pushed(image, pushed.getDigest().toString());
    } finally {
      Files.delete(www.resolve("index.html"));
      Files.delete(www.resolve("healthz"));
      Files.delete(www);
    }
  }

  record Pushed(String image, String digest) {}
}
