package dev.slipway.compiler.kafka;

import dev.slipway.platform.organisations.CredentialsFolder;
import dev.slipway.testsupport.git.FakeGitServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bare repositories of {@link LocalGitResource}, private behind a git server over smart HTTP as
 * GitHub serves them, with an organisations file and a credentials folder as the status-reporter
 * leaves it: {@code acme}'s token is the one the server wants, {@code locked}'s is not. Owners
 * other than these two are served by no organisation.
 */
public class PrivateGitResource extends LocalGitResource {

  static final String ACME_TOKEN = "ghs_acme-token-0123456789";
  static final String LOCKED_TOKEN = "ghs_locked-token-0123456789";
  static final String STALE_LOCKED_TOKEN = "ghs_stale-token-0123456789";

  private FakeGitServer server;

  @Override
  protected Map<String, String> serve(Path root, Path remote) throws IOException {
    server =
        FakeGitServer.serving(remote)
            .requireToken("acme", ACME_TOKEN)
            .requireToken("locked", LOCKED_TOKEN);
    CredentialsFolder credentials = new CredentialsFolder(root.resolve("credentials"));
    credentials.write("acme", ACME_TOKEN);
    credentials.write("locked", STALE_LOCKED_TOKEN);
    Files.writeString(root.resolve("webhook.secret"), "hook-secret\n");
    Path organisations =
        Files.writeString(
            root.resolve("organisations.yaml"),
            """
            organisations:
              - name: acme
                webhook-secret-files: [webhook.secret]
                limits:
                  max-task-timeout: 30m
              - name: locked
                webhook-secret-files: [webhook.secret]
            """);
    return Map.of(
        "slipway.git.url-template",
        server.urlTemplate(),
        "slipway.credentials.dir",
        root.resolve("credentials").toString(),
        "slipway.organisations.file",
        organisations.toString());
  }

  @Override
  public void stop() {
    server.close();
    super.stop();
  }
}
