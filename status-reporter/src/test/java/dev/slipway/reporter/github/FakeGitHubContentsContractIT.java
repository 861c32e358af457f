package dev.slipway.reporter.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testsupport.github.FakeGitHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake GitHub's contents API, which the compiler reads {@code .slipway.yml} through, checked
 * against GitHub's OpenAPI description: a file and a directory are {@code content-tree}s with the
 * object media type, and the two 404s carry the messages GitHub gives.
 */
class FakeGitHubContentsContractIT {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OBJECT = "application/vnd.github.object+json";

  @TempDir Path temp;
  private FakeGitHub fake;
  private String sha;

  @BeforeEach
  void serveOneRepository() throws Exception {
    sha = commit("tasks: {unit: {cmds: [make test]}}\n");
    fake = FakeGitHub.start().serveContents(temp.resolve("remote"));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aFileAndADirectoryFollowGitHubsDescription() throws Exception {
    OpenApiDescription openApi = OpenApiDescription.read();
    JsonNode schema =
        openApi
            .json()
            .path("paths")
            .path("/repos/{owner}/{repo}/contents/{path}")
            .path("get")
            .path("responses")
            .path("200")
            .path("content")
            .path("application/vnd.github.object")
            .path("schema");

    JsonNode file = JSON.readTree(get("/repos/acme/shop/contents/.slipway.yml?ref=" + sha).body());
    JsonNode directory = JSON.readTree(get("/repos/acme/shop/contents/ci?ref=" + sha).body());

    List<String> violations = new ArrayList<>();
    openApi.validate(file, schema, "file", violations);
    openApi.validate(directory, schema, "directory", violations);
    assertThat(violations).isEmpty();
    assertThat(file.path("type").asText()).isEqualTo("file");
    assertThat(file.path("encoding").asText()).isEqualTo("base64");
    assertThat(Base64.getMimeDecoder().decode(file.path("content").asText()))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("tasks: {unit: {cmds: [make test]}}\n");
    assertThat(directory.path("type").asText()).isEqualTo("dir");
  }

  @Test
  void aMissingFileAndAnUnknownCommitAreTold404sApart() throws Exception {
    HttpResponse<String> missingFile = get("/repos/acme/shop/contents/README.md?ref=" + sha);
    HttpResponse<String> unknownCommit =
        get("/repos/acme/shop/contents/.slipway.yml?ref=" + "f".repeat(40));
    HttpResponse<String> unknownRepository = get("/repos/acme/gone");

    assertThat(missingFile.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missingFile.body()).path("message").asText()).isEqualTo("Not Found");
    assertThat(unknownCommit.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknownCommit.body()).path("message").asText())
        .isEqualTo("No commit found for the ref " + "f".repeat(40));
    assertThat(unknownRepository.statusCode()).isEqualTo(404);
  }

  /** A bare {@code acme/shop} whose one commit has {@code .slipway.yml} and a folder {@code ci}. */
  private String commit(String pipeline) throws Exception {
    Path work = temp.resolve("work");
    try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
      Files.writeString(work.resolve(".slipway.yml"), pipeline);
      Files.createDirectories(work.resolve("ci"));
      Files.writeString(work.resolve("ci/build.sh"), "make\n");
      git.add().addFilepattern(".").call();
      PersonIdent author = new PersonIdent("Slipway Test", "test@slipway.dev");
      String sha =
          git.commit().setMessage("pipeline").setAuthor(author).setCommitter(author).call().name();
      Git.cloneRepository()
          .setURI(work.toUri().toString())
          .setBare(true)
          .setDirectory(temp.resolve("remote/acme/shop.git").toFile())
          .call()
          .close();
      return sha;
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(fake.url() + path)).header("Accept", OBJECT).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
