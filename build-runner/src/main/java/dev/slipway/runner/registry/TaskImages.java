package dev.slipway.runner.registry;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.slipway.events.TaskPlanned;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Task images without a Docker daemon: the task's base image plus one layer holding the entrypoint,
 * assembled with Jib, tagged by the task's content hash and pushed to the registry. A tag that is
 * already there is reused: the same hash means the same Dockerfile and entrypoint.
 */
public final class TaskImages {

  /** Where the entrypoint sits in every task image. */
  public static final String ENTRYPOINT = "/slipway/entrypoint";

  public static final String WORKSPACE = "/workspace";

  private static final String MANIFEST_TYPES =
      "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json,"
          + " application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.index.v1+json";

  private final String registry;
  private final boolean insecure;
  private final Path cacheDir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger built = new AtomicInteger();

  public TaskImages(String registry, boolean insecure, Path cacheDir) {
    this.registry = registry;
    this.insecure = insecure;
    this.cacheDir = cacheDir;
  }

  /** {@code <registry>/slipway-tasks/<repo-slug>:<content-hash>}. */
  public String reference(TaskPlanned task) {
    return registry + "/slipway-tasks/" + slug(task.repository()) + ":" + tag(task.contentHash());
  }

  /** How many images this instance assembled and pushed (reused ones not counted). */
  public int builtCount() {
    return built.get();
  }

  /**
   * Makes sure the task's image is in the registry and returns its reference.
   *
   * @throws ImageBuildException when the base image cannot be read or the registry refuses the push
   */
  public String ensure(TaskPlanned task) throws InterruptedException {
    String reference = reference(task);
    if (exists(reference)) {
      return reference;
    }
    Path entrypoint = null;
    try {
      Files.createDirectories(cacheDir);
      entrypoint = Files.createTempFile(cacheDir, "entrypoint", ".sh");
      Files.writeString(entrypoint, task.entrypoint(), StandardCharsets.UTF_8);
      Jib.from(RegistryImage.named(task.baseImage()))
          .addFileEntriesLayer(
              FileEntriesLayer.builder()
                  .setName("entrypoint")
                  .addEntry(entrypoint, AbsoluteUnixPath.get(ENTRYPOINT), FilePermissions.fromOctalString("755"))
                  .build())
          .setEntrypoint("/bin/sh", ENTRYPOINT)
          .setWorkingDirectory(AbsoluteUnixPath.get(WORKSPACE))
          .containerize(
              Containerizer.to(RegistryImage.named(reference))
                  .setAllowInsecureRegistries(insecure)
                  .setBaseImageLayersCache(cacheDir.resolve("base-layers"))
                  .setApplicationLayersCache(cacheDir.resolve("layers"))
                  .setToolName("slipway-build-runner"));
      built.incrementAndGet();
      return reference;
    } catch (InvalidImageReferenceException e) {
      throw new ImageBuildException("not an image reference: " + e.getMessage(), e);
    } catch (ExecutionException | RegistryException | CacheDirectoryCreationException | IOException e) {
      throw new ImageBuildException("building " + reference + " from " + task.baseImage() + " failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(entrypoint);
    }
  }

  /** Whether the registry has {@code reference}; only an explicit 200 counts. */
  public boolean exists(String reference) throws InterruptedException {
    int slash = reference.indexOf('/');
    int colon = reference.lastIndexOf(':');
    URI manifest =
        URI.create(
            (insecure ? "http://" : "https://") + reference.substring(0, slash) + "/v2/"
                + reference.substring(slash + 1, colon) + "/manifests/" + reference.substring(colon + 1));
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(manifest)
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .header("Accept", MANIFEST_TYPES)
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  static String slug(String repository) {
    return repository.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
  }

  static String tag(String contentHash) {
    String tag = contentHash.replaceAll("[^A-Za-z0-9_.-]", "_");
    return tag.length() > 128 ? tag.substring(0, 128) : tag;
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover temporary file in the cache folder harms nothing
      }
    }
  }

  /** The task image could not be built or pushed. */
  public static final class ImageBuildException extends RuntimeException {
    public ImageBuildException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
