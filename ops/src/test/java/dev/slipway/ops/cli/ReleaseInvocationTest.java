package dev.slipway.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.events.ReleaseOrigin.Operation;
import dev.slipway.ops.domain.OperationRequest;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseInvocationTest {

  private static final ReleaseInvocation.Defaults DEFAULTS =
      new ReleaseInvocation.Defaults("http://localhost:8083", "from-env", "bob");

  @Test
  void listNamesTheRepositoryAndTakesTheEnvironmentsUrlAndToken() {
    ReleaseInvocation list = parse("release list acme/shop --json");

    assertThat(list)
        .isEqualTo(
            new ReleaseInvocation(
                "acme/shop", null, true, false, URI.create("http://localhost:8083"), "from-env"));
  }

  @Test
  void aRollbackTakesItsDatacentersInOrderRepeatedOrCommaSeparated() {
    ReleaseInvocation rollback =
        parse(
            "release rollback acme/shop --to v4 --dc dc2 --dc dc1,dc3 --dc dc2 --url"
                + " https://releases.example.com/ --token t0k --as alice");

    assertThat(rollback)
        .isEqualTo(
            new ReleaseInvocation(
                "acme/shop",
                new OperationRequest(
                    Operation.ROLLBACK, "acme/shop", 4, List.of("dc2", "dc1", "dc3"), "alice"),
                false,
                true,
                URI.create("https://releases.example.com/"),
                "t0k"));
    assertThat(rollback.operation().intent())
        .isEqualTo("rolling back acme/shop to v4 in dc2, dc1, dc3 as alice");
  }

  @ParameterizedTest
  @CsvSource({
    "release retry acme/shop v6, RETRY, 6, '', true, retrying v6 of acme/shop in the datacenters"
        + " it did not reach as bob",
    "release retry acme/shop 6 --dc dc1 --no-wait, RETRY, 6, dc1, false, retrying v6 of acme/shop"
        + " in dc1 as bob",
    "release redeploy acme/shop V5 --dc dc2, REDEPLOY, 5, dc2, true, redeploying v5 of acme/shop"
        + " in dc2 as bob",
    "release redeploy acme/shop 12 --dc=dc1, REDEPLOY, 12, dc1, true, redeploying v12 of"
        + " acme/shop in dc1 as bob",
    "release rollback acme/shop --to=3, ROLLBACK, 3, '', true, rolling back acme/shop to v3 in"
        + " every datacenter of acme/shop as bob",
  })
  void operationsTakeANumberWithOrWithoutItsV(
      String line,
      Operation operation,
      int number,
      String datacenter,
      boolean waitForEnd,
      String intent) {
    ReleaseInvocation invocation = parse(line);

    assertThat(invocation.operation())
        .isEqualTo(
            new OperationRequest(
                operation,
                "acme/shop",
                number,
                datacenter.isEmpty() ? List.of() : List.of(datacenter),
                "bob"));
    assertThat(invocation.waitForEnd()).isEqualTo(waitForEnd);
    assertThat(invocation.operation().intent()).isEqualTo(intent);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "release | release: name a subcommand: list, rollback, retry or redeploy",
        "release undo acme/shop | release: unknown subcommand undo (one of list, rollback, retry,"
            + " redeploy)",
        "release list | release list takes owner/repo",
        "release list acme/shop --no-wait | unknown option(s): --no-wait",
        "release list acme | not a repository: 'acme' (write owner/repo)",
        "release rollback acme/shop | release rollback needs --to N: the release to go back to",
        "release rollback acme/shop v4 | release rollback takes owner/repo and --to N",
        "release rollback acme/shop --to v1.2.0 | not a release number: 'v1.2.0' (write v4 or 4;"
            + " `release list owner/repo` shows the numbers)",
        "release rollback acme/shop --to v0 | not a release number: 'v0' (write v4 or 4; `release"
            + " list owner/repo` shows the numbers)",
        "release rollback acme/shop --to v4 --dc | --dc needs a value",
        "release rollback acme/shop --to v4 --dc --no-wait | --dc needs a value",
        "release rollback acme/shop --to v4 --dc dc1, | --dc needs a datacenter name, was 'dc1,'",
        "release rollback acme/shop --to v4 --json | unknown option(s): --json",
        "release retry acme/shop | release retry takes owner/repo and a release number",
        "release retry acme/shop v6 --to v4 | unknown option(s): --to",
        "release redeploy acme/shop five --dc dc1 | not a release number: 'five' (write v4 or 4; `release"
            + " list owner/repo` shows the numbers)",
        "release redeploy acme/shop 5 --dc dc1 --url ftp://example.com | --url: not an http(s)"
            + " URL: 'ftp://example.com'",
        "release redeploy acme/shop 5 --dc dc1 --as= | --as needs a name",
        "release redeploy acme/shop 5 | release redeploy needs --dc D: where to deploy it again",
      })
  void badInputIsAUsageErrorThatSaysWhatToWrite(String line, String message) {
    assertThatThrownBy(() -> parse(line)).isInstanceOf(UsageException.class).hasMessage(message);
  }

  @Test
  void aBadReleaseCommandLineExitsTwoWithTheUsage() {
    assertThat(Main.run(List.of("release", "rollback", "acme/shop"))).isEqualTo(2);
  }

  private static ReleaseInvocation parse(String line) {
    return ReleaseInvocation.parse(new Arguments(List.of(line.split(" ")), Cli.FLAGS), DEFAULTS);
  }
}
