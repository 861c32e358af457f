package dev.slipway.testsupport.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * GitHub's contents API ({@code GET /repos/{owner}/{repo}/contents/{path}?ref=}) over the bare
 * repositories {@code <root>/<owner>/<repo>.git} that {@code FakeGitServer} serves, answering as
 * GitHub does: the file as an object with its content in base64 (left out above 1 MB), or its bytes
 * with the raw media type; a directory as an object with {@code type: dir}; 404 "No commit found
 * for the ref" for an unknown commit and 404 "Not Found" for a missing file or repository.
 */
final class FakeContents {

  /** Larger files come only with the raw media type, as on GitHub. */
  static final int MAX_INLINE_BYTES = 1024 * 1024;

  /** One answer: its status, media type and body. */
  record Reply(int status, String contentType, byte[] body) {}

  private final Path root;
  private final ObjectMapper json;
  private final String apiUrl;
  private final Map<Path, Repository> open = new ConcurrentHashMap<>();

  FakeContents(Path root, ObjectMapper json, String apiUrl) {
    this.root = root;
    this.json = json;
    this.apiUrl = apiUrl;
  }

  /** Whether {@code owner/repo} is one of the served repositories. */
  boolean has(String owner, String repo) {
    Path bare = bare(owner, repo);
    return bare.startsWith(root) && Files.isDirectory(bare);
  }

  Reply get(String owner, String repo, String path, String ref, String accept) throws IOException {
    if (!has(owner, repo)) {
      return error(404, "Not Found");
    }
    Path bare = bare(owner, repo);
    Repository git = open.computeIfAbsent(bare, FakeContents::openRepository);
    synchronized (git) {
      ObjectId commitId;
      try {
        commitId = git.resolve(ref == null ? Constants.HEAD : ref);
      } catch (RevisionSyntaxException e) {
        commitId = null;
      }
      if (commitId == null) {
        return error(404, "No commit found for the ref " + ref);
      }
      try (RevWalk walk = new RevWalk(git)) {
        RevCommit commit = walk.parseCommit(commitId);
        try (TreeWalk entry = TreeWalk.forPath(git, path, commit.getTree())) {
          if (entry == null) {
            return error(404, "Not Found");
          }
          return describe(git, owner + "/" + repo, path, ref, entry, accept);
        }
      } catch (MissingObjectException e) {
        return error(404, "No commit found for the ref " + ref);
      }
    }
  }

  private Path bare(String owner, String repo) {
    return root.resolve(owner).resolve(repo + ".git").normalize();
  }

  void close() {
    open.values().forEach(Repository::close);
    open.clear();
  }

  private Reply describe(
      Repository git, String repository, String path, String ref, TreeWalk entry, String accept)
      throws IOException {
    FileMode mode = entry.getFileMode(0);
    String sha = entry.getObjectId(0).name();
    String self = apiUrl + "/repos/" + repository + "/contents/" + path + "?ref=" + ref;
    String gitUrl =
        apiUrl
            + "/repos/"
            + repository
            + (mode.equals(FileMode.TREE) ? "/git/trees/" : "/git/blobs/")
            + sha;
    String html = "https://github.com/" + repository + "/blob/" + ref + "/" + path;
    ObjectNode object = json.createObjectNode();
    object.put("name", path.substring(path.lastIndexOf('/') + 1));
    object.put("path", path);
    object.put("sha", sha);
    object.put("size", 0);
    object.put("url", self);
    object.put("git_url", gitUrl);
    object.put("html_url", html);
    object.put(
        "download_url", "https://raw.githubusercontent.com/" + repository + "/" + ref + "/" + path);
    ObjectNode links = object.putObject("_links");
    links.put("git", gitUrl);
    links.put("html", html);
    links.put("self", self);
    if (mode.equals(FileMode.TREE)) {
      object.put("type", "dir");
      object.putArray("entries");
      return new Reply(200, "application/json; charset=utf-8", json.writeValueAsBytes(object));
    }
    if (mode.equals(FileMode.GITLINK)) {
      object.put("type", "submodule");
      return new Reply(200, "application/json; charset=utf-8", json.writeValueAsBytes(object));
    }
    byte[] bytes = git.open(entry.getObjectId(0), Constants.OBJ_BLOB).getBytes(Integer.MAX_VALUE);
    if (accept != null && accept.contains("raw")) {
      return new Reply(200, "application/vnd.github.raw", bytes);
    }
    object.put("type", mode.equals(FileMode.SYMLINK) ? "symlink" : "file");
    object.put("size", bytes.length);
    if (mode.equals(FileMode.SYMLINK)) {
      object.put("target", new String(bytes, StandardCharsets.UTF_8));
    } else if (bytes.length <= MAX_INLINE_BYTES) {
      object.put("encoding", "base64");
      object.put("content", Base64.getMimeEncoder().encodeToString(bytes));
    } else {
      object.put("encoding", "none");
      object.put("content", "");
    }
    return new Reply(200, "application/json; charset=utf-8", json.writeValueAsBytes(object));
  }

  private Reply error(int status, String message) throws IOException {
    ObjectNode body = json.createObjectNode();
    body.put("message", message);
    body.put(
        "documentation_url", "https://docs.github.com/rest/repos/contents#get-repository-content");
    body.put("status", String.valueOf(status));
    return new Reply(status, "application/json; charset=utf-8", json.writeValueAsBytes(body));
  }

  private static Repository openRepository(Path bare) {
    try {
      return new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + bare, e);
    }
  }
}
