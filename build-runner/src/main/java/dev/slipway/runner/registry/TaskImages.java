package dev.slipway.runner.registry;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.slipway.events.TaskPlanned;
import dev.slipway.platform.containers.RegistryCredentials;
import dev.slipway.runner.domain.RepositoryPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Task images without a Docker daemon: the task's base image plus one layer holding the entrypoint,
 * assembled with Jib, tagged by the task's content hash and pushed to the registry. Runs use the
 * image by the digest Jib's push returned, never by the tag: anyone who can push could overwrite a
 * tag.
 *
 * <p>The digest of each push is recorded in the cache folder ({@code pushed/}). A task whose
 * content hash was pushed before reuses the recorded digest while the registry still has that
 * manifest; the tag is never read back, since it may name someone else's image by then. Without a
 * record (a new cache folder, another runner) the image is assembled and pushed again: Jib's images
 * are reproducible, so that costs a push of what the registry mostly has, and the digest is the
 * runner's own again.
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
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger built = new AtomicInteger();
  private final PushedDigests pushed;

  private final Optional<RegistryCredentials> credentials;
  private final List<String> pullArguments;

  public TaskImages(String registry, boolean insecure, Path cacheDir) {
    this(registry, insecure, cacheDir, Optional.empty());
  }

  /**
   * @param credentials the runner's account on {@code registry}, used for its pushes, its base
   *     images and podman's pulls (from an auth file in {@code cacheDir} only the runner's user can
   *     read)
   */
  public TaskImages(
      String registry, boolean insecure, Path cacheDir, Optional<RegistryCredentials> credentials) {
    this.registry = registry;
    this.insecure = insecure;
    this.cacheDir = cacheDir;
    this.pushed = new PushedDigests(cacheDir.resolve("pushed"));
    this.credentials = credentials;
    if (insecure && credentials.isPresent()) {
      // Jib keeps credentials off plain HTTP unless this JVM-wide switch is on; registry-insecure
      // names
      // this one registry as plain HTTP on purpose (the local stack's, on loopback).
      System.setProperty("sendCredentialsOverHttp", "true");
    }
    try {
      this.pullArguments =
          credentials.isEmpty()
              ? List.of()
              : List.of(
                  "--authfile",
                  credentials
                      .get()
                      .writeAuthFile(cacheDir.resolve("registry-auth.json"), registry)
                      .toAbsolutePath()
                      .toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the registry's auth file into " + cacheDir, e);
    }
  }

  /**
   * What podman needs to pull the images {@link #ensure} returns: {@code --authfile <file>} when
   * the registry wants credentials.
   */
  public List<String> pullArguments() {
    return pullArguments;
  }

  /**
   * {@code <registry>/slipway-tasks/<repository path>}: where the task images of a repository are
   * pushed.
   */
  public String repository(TaskPlanned task) {
    return registry + "/slipway-tasks/" + RepositoryPaths.of(task.repository());
  }

  /**
   * {@code <registry>/slipway-tasks/<repository path>:<content-hash>}: the tag the image is pushed
   * under.
   */
  public String reference(TaskPlanned task) {
    return repository(task) + ":" + tag(task.contentHash());
  }

  /** How many images this instance assembled and pushed (reused ones not counted). */
  public int builtCount() {
    return built.get();
  }

  /**
   * Makes sure the task's image is in the registry and returns it pinned by digest: {@code
   * <registry>/slipway-tasks/<repository path>@sha256:<digest>}.
   *
   * @throws ImageBuildException when the base image cannot be read or the registry refuses the push
   */
  public String ensure(TaskPlanned task) throws InterruptedException {
    String reference = reference(task);
    String recorded = pushed.digest(reference);
    if (recorded != null && exists(repository(task) + "@" + recorded)) {
      return repository(task) + "@" + recorded;
    }
    Path entrypoint = null;
    try {
      Files.createDirectories(cacheDir);
      entrypoint = Files.createTempFile(cacheDir, "entrypoint", ".sh");
      Files.writeString(entrypoint, task.entrypoint(), StandardCharsets.UTF_8);
      JibContainer container =
          Jib.from(ours(task.baseImage()))
              .addFileEntriesLayer(
                  FileEntriesLayer.builder()
                      .setName("entrypoint")
                      .addEntry(
                          entrypoint,
                          AbsoluteUnixPath.get(ENTRYPOINT),
                          FilePermissions.fromOctalString("755"))
                      .build())
              .setEntrypoint("/bin/sh", ENTRYPOINT)
              .setWorkingDirectory(AbsoluteUnixPath.get(WORKSPACE))
              .containerize(
                  Containerizer.to(ours(reference))
                      .setAllowInsecureRegistries(insecure)
                      .setBaseImageLayersCache(cacheDir.resolve("base-layers"))
                      .setApplicationLayersCache(cacheDir.resolve("layers"))
                      .setToolName("slipway-build-runner"));
      String digest = container.getDigest().toString();
      pushed.record(reference, digest);
      built.incrementAndGet();
      return repository(task) + "@" + digest;
    } catch (InvalidImageReferenceException e) {
      throw new ImageBuildException("not an image reference: " + e.getMessage(), e);
    } catch (ExecutionException
        | RegistryException
        | CacheDirectoryCreationException
        | IOException e) {
      throw new ImageBuildException(
          "building " + reference + " from " + task.baseImage() + " failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(entrypoint);
    }
  }

  /**
   * The runner's credentials go to its own registry only, never to the registry of another base
   * image.
   */
  private RegistryImage ours(String reference) throws InvalidImageReferenceException {
    ImageReference parsed = ImageReference.parse(reference);
    RegistryImage image = RegistryImage.named(parsed);
    if (parsed.getRegistry().equals(registry)) {
      credentials.ifPresent(account -> image.addCredential(account.username(), account.password()));
    }
    return image;
  }

  /**
   * Whether the registry has {@code reference} ({@code <registry>/<name>:<tag>} or {@code
   * <registry>/<name>@<digest>}); only an explicit 200 counts.
   */
  public boolean exists(String reference) throws InterruptedException {
    int slash = reference.indexOf('/');
    int at = reference.indexOf('@');
    int end = at >= 0 ? at : reference.lastIndexOf(':');
    URI manifest =
        URI.create(
            (insecure ? "http://" : "https://")
                + reference.substring(0, slash)
                + "/v2/"
                + reference.substring(slash + 1, end)
                + "/manifests/"
                + reference.substring(end + 1));
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(manifest)
              .method("HEAD", HttpRequest.BodyPublishers.noBody())
              .header("Accept", MANIFEST_TYPES)
              .timeout(Duration.ofSeconds(10));
      credentials.ifPresent(account -> request.header("Authorization", account.authorization()));
      HttpResponse<Void> response =
          http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
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
