package dev.slipway.testsupport.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeGitServerTest {

  @TempDir Path folder;

  @Test
  void aPrivateRepositoryIsClonedWithItsOwnersTokenOnly() throws Exception {
    Path bare = folder.resolve("git/acme/private.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).call().close();
    RevCommit commit;
    try (Git work = Git.init().setDirectory(folder.resolve("work").toFile()).call()) {
      Files.writeString(folder.resolve("work/README"), "hello");
      work.add().addFilepattern("README").call();
      commit = work.commit().setMessage("first").setSign(false).call();
      work.push().setRemote(bare.toUri().toString()).add("HEAD:refs/heads/main").call();
    }

    try (FakeGitServer git =
        FakeGitServer.serving(folder.resolve("git")).requireToken("acme", "s3cret")) {
      String url = git.cloneUrl("acme/private");
      assertThrows(
          TransportException.class,
          () ->
              Git.cloneRepository().setURI(url).setDirectory(folder.resolve("a").toFile()).call());
      assertThrows(
          TransportException.class,
          () ->
              Git.cloneRepository()
                  .setURI(url)
                  .setCredentialsProvider(
                      new UsernamePasswordCredentialsProvider("x-access-token", "wrong"))
                  .setDirectory(folder.resolve("b").toFile())
                  .call());
      try (Git clone =
          Git.cloneRepository()
              .setURI(url)
              .setCredentialsProvider(
                  new UsernamePasswordCredentialsProvider("x-access-token", "s3cret"))
              .setBranch("main")
              .setDirectory(folder.resolve("c").toFile())
              .call()) {
        assertEquals(commit, clone.log().call().iterator().next());
      }
      assertTrue(git.requests().stream().anyMatch(FakeGitServer.Request::authorized));
    }
  }
}
