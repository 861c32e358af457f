package dev.slipway.compiler.git;

import dev.slipway.compiler.domain.PipelineException;
import dev.slipway.compiler.domain.PipelineFile;
import dev.slipway.compiler.domain.PipelineSource;
import dev.slipway.compiler.domain.PlanningListener;
import dev.slipway.compiler.domain.SourceUnavailableException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads {@code .slipway.yml} with JGit, in process: no git process per event, which on a small
 * machine is most of the time from webhook to planned tasks. Each repository has a bare cache; a
 * commit is fetched alone ({@code --depth 1}) when the cache lacks it, and with every branch, pull
 * request and tag when the server refuses a fetch by sha. Only the file's blob is read, never a
 * checkout.
 *
 * <p>A private repository is read with its owner's git token, looked up at each fetch (the
 * status-reporter renews it) and given to JGit as the password of {@code x-access-token} over Basic
 * authentication, as GitHub takes it: never in the URL, and so never in JGit's messages or the
 * failures they become. Without a token the repository is read anonymously.
 */
public final class GitPipelineSource implements PipelineSource, AutoCloseable {

  /**
   * Every fetch leaves a small pack, and each lookup walks the packs: a cache with more is started
   * afresh (it only holds what later fetches may skip; parsed pipelines are cached elsewhere).
   */
  static final int MAX_PACKS = 64;

  private final int maxPacks;

  private final String urlTemplate;
  private final Path repositories;
  private final int timeoutSeconds;
  private final PlanningListener listener;
  private final Function<String, Optional<String>> tokens;
  private final ConcurrentMap<String, Repository> caches = new ConcurrentHashMap<>();

  /** Reads repositories anonymously. */
  public GitPipelineSource(String urlTemplate, Path workDir, Duration timeout) {
    this(urlTemplate, workDir, timeout, PlanningListener.NONE, owner -> Optional.empty());
  }

  /**
   * @param listener told how long each fetch of a commit took
   * @param tokens the current git token of an owner, if there is one
   */
  public GitPipelineSource(
      String urlTemplate,
      Path workDir,
      Duration timeout,
      PlanningListener listener,
      Function<String, Optional<String>> tokens) {
    this(urlTemplate, workDir, timeout, MAX_PACKS, listener, tokens);
  }

  GitPipelineSource(
      String urlTemplate,
      Path workDir,
      Duration timeout,
      int maxPacks,
      PlanningListener listener,
      Function<String, Optional<String>> tokens) {
    this.maxPacks = maxPacks;
    this.urlTemplate = urlTemplate;
    this.repositories = workDir.resolve("repositories");
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    this.listener = listener;
    this.tokens = tokens;
  }

  @Override
  public String cloneUrl(String repository) {
    String[] parts = repository.split("/", 2);
    return urlTemplate.replace("{owner}", parts[0]).replace("{repo}", parts[1]);
  }

  @Override
  public Optional<String> read(String repository, String sha) throws PipelineException {
    GitNames.requireRepository(repository);
    GitNames.requireSha(sha);
    ObjectId commit = ObjectId.fromString(sha);
    while (true) {
      Repository cache = cache(repository);
      synchronized (cache) {
        if (caches.get(repository) != cache) {
          continue; // started afresh while this thread waited
        }
        if (!has(cache, commit)) {
          if (packs(cache) >= maxPacks) {
            cache = startAfresh(repository, cache);
          }
          long start = System.nanoTime();
          try {
            fetch(cache, repository, commit);
          } finally {
            listener.fetched(Duration.ofNanos(System.nanoTime() - start));
          }
        }
        return readFile(cache, repository, commit);
      }
    }
  }

  @Override
  public String resolveTag(String repository, String tag) throws PipelineException {
    GitNames.requireRepository(repository);
    if (!GitNames.isTag(tag)) {
      throw new PipelineException("'" + tag + "' is not a valid tag name", null);
    }
    String ref = Constants.R_TAGS + tag;
    Map<String, Ref> advertised;
    boolean withToken = false;
    try {
      var lsRemote =
          Git.lsRemoteRepository()
              .setRemote(cloneUrl(repository))
              .setTags(true)
              .setTimeout(timeoutSeconds);
      withToken = authenticate(lsRemote, repository);
      advertised = lsRemote.callAsMap();
    } catch (GitAPIException | RuntimeException e) {
      throw new SourceUnavailableException(
          "git ls-remote failed for " + repository + with(withToken, repository) + firstLine(e), e);
    }
    if (!advertised.containsKey(ref)) {
      throw new PipelineException("tag " + tag + " does not exist in " + repository, null);
    }
    Repository cache = cache(repository);
    synchronized (cache) {
      if (caches.get(repository) != cache) {
        return resolveTag(repository, tag);
      }
      // An annotated tag names a tag object; fetching it lets the cache peel it to its commit.
      fetchRefSpecs(cache, repository, new RefSpec("+" + ref + ":refs/slipway/tags/" + tag));
      try (RevWalk walk = new RevWalk(cache)) {
        return walk.parseCommit(cache.exactRef("refs/slipway/tags/" + tag).getObjectId()).name();
      } catch (IOException e) {
        throw new PipelineException(
            "tag " + tag + " of " + repository + " does not name a commit", null);
      }
    }
  }

  @Override
  public void close() {
    caches.values().forEach(Repository::close);
    caches.clear();
  }

  private Repository cache(String repository) {
    return caches.computeIfAbsent(repository, this::openCache);
  }

  private Repository openCache(String repository) {
    try {
      Repository cache =
          new FileRepositoryBuilder()
              .setGitDir(repositories.resolve(repository + ".git").toFile())
              .setBare()
              .build();
      if (!cache.getObjectDatabase().exists()) {
        cache.create(true);
      }
      return cache;
    } catch (IOException | IllegalStateException e) {
      throw new SourceUnavailableException(
          "cannot open the git cache of " + repository + ": " + e.getMessage(), e);
    }
  }

  private static int packs(Repository cache) {
    String[] names =
        new File(cache.getDirectory(), "objects/pack").list((dir, name) -> name.endsWith(".pack"));
    return names == null ? 0 : names.length;
  }

  /** Called holding {@code stale}'s lock; later readers of the repository lock the fresh cache. */
  private Repository startAfresh(String repository, Repository stale) {
    caches.remove(repository, stale);
    stale.close();
    try (Stream<Path> files = Files.walk(stale.getDirectory().toPath())) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "cannot clear the git cache of " + repository + ": " + e.getMessage(), e);
    }
    return cache(repository);
  }

  private static boolean has(Repository cache, ObjectId commit) {
    try {
      return cache.getObjectDatabase().has(commit);
    } catch (IOException e) {
      return false;
    }
  }

  private void fetch(Repository cache, String repository, ObjectId commit)
      throws PipelineException {
    try {
      fetchRefSpecs(cache, repository, 1, new RefSpec(commit.name()));
      return;
    } catch (SourceUnavailableException refused) {
      // Servers that do not allow fetching a sha directly still serve it through some ref.
    }
    fetchRefSpecs(
        cache,
        repository,
        new RefSpec("+refs/heads/*:refs/slipway/heads/*"),
        new RefSpec("+refs/pull/*:refs/slipway/pull/*"),
        new RefSpec("+refs/tags/*:refs/slipway/tags/*"));
    if (!has(cache, commit)) {
      throw new PipelineException("commit " + commit.name() + " is not in " + repository, null);
    }
  }

  private void fetchRefSpecs(Repository cache, String repository, RefSpec... refSpecs) {
    fetchRefSpecs(cache, repository, 0, refSpecs);
  }

  private void fetchRefSpecs(Repository cache, String repository, int depth, RefSpec... refSpecs) {
    boolean withToken = false;
    try (Git git = Git.wrap(cache)) {
      var fetch =
          git.fetch()
              .setRemote(cloneUrl(repository))
              .setRefSpecs(refSpecs)
              .setTagOpt(TagOpt.NO_TAGS)
              .setTimeout(timeoutSeconds);
      if (depth > 0) {
        fetch.setDepth(depth);
      }
      withToken = authenticate(fetch, repository);
      fetch.call();
    } catch (GitAPIException | RuntimeException e) {
      throw new SourceUnavailableException(
          "git fetch failed for " + repository + with(withToken, repository) + firstLine(e), e);
    }
  }

  /**
   * Gives {@code command} the owner's current token, if there is one.
   *
   * @return whether it has one
   */
  private boolean authenticate(TransportCommand<?, ?> command, String repository) {
    Optional<String> token = tokens.apply(owner(repository));
    token.ifPresent(
        value ->
            command.setCredentialsProvider(
                new UsernamePasswordCredentialsProvider("x-access-token", value)));
    return token.isPresent();
  }

  /** Says whether the failed operation had a token: a refused one reads like a missing one. */
  private static String with(boolean withToken, String repository) {
    return withToken
        ? " (with the git token of " + owner(repository) + " from the credentials folder): "
        : ": ";
  }

  private static String owner(String repository) {
    return repository.substring(0, repository.indexOf('/'));
  }

  private static Optional<String> readFile(Repository cache, String repository, ObjectId commit)
      throws PipelineException {
    try (RevWalk walk = new RevWalk(cache);
        TreeWalk file =
            TreeWalk.forPath(cache, PipelineFile.NAME, walk.parseCommit(commit).getTree())) {
      if (file == null) {
        return Optional.empty();
      }
      FileMode mode = file.getFileMode(0);
      if (!mode.equals(FileMode.REGULAR_FILE) && !mode.equals(FileMode.EXECUTABLE_FILE)) {
        throw PipelineFile.notARegularFile();
      }
      ObjectLoader blob = cache.open(file.getObjectId(0), Constants.OBJ_BLOB);
      PipelineFile.requireReadable(blob.getSize());
      return Optional.of(PipelineFile.text(blob.getCachedBytes()));
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new PipelineException("commit " + commit.name() + " is not in " + repository, null);
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "cannot read " + PipelineFile.NAME + " at " + commit.name() + ": " + e.getMessage(), e);
    }
  }

  /** The diagnosis, without the stack of wrapped causes JGit adds. */
  private static String firstLine(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String message = String.valueOf(cause.getMessage()).strip();
    return message.split("\n", 2)[0];
  }
}
