package dev.slipway.ops.cli;

import dev.slipway.events.ReleaseOrigin.Operation;
import dev.slipway.ops.domain.OperationRequest;
import dev.slipway.ops.domain.ReleaseNumbers;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code release} command line, read: {@code list owner/repo [--json]}, {@code rollback
 * owner/repo --to v4 [--dc D]...}, {@code retry owner/repo v6 [--dc D]...}, {@code redeploy
 * owner/repo v5 [--dc D]...}, each with {@code --url}, {@code --token}, {@code --as} and ({@code
 * rollback}, {@code retry}, {@code redeploy}) {@code --no-wait}.
 *
 * @param operation null for {@code list}
 * @param token null when none is set
 */
record ReleaseInvocation(
    String repository,
    OperationRequest operation,
    boolean json,
    boolean waitForEnd,
    URI url,
    String token) {

  /** What the environment gives when the command line does not say. */
  record Defaults(String url, String token, String user) {}

  static final String USAGE =
      """
        release list owner/repo [--json]
        release rollback owner/repo --to N [--dc D]... [--no-wait]
        release retry owner/repo N [--dc D]... [--no-wait]
        release redeploy owner/repo N --dc D [--dc D]... [--no-wait]
          N: a release number, v4 or 4; --dc repeats or takes dc1,dc2; options of every release command:
          --url URL (SLIPWAY_RELEASES_URL, default http://localhost:8083), --token T (SLIPWAY_OPERATIONS_TOKEN),
          --as NAME (who asks; default the user name)
      """;

  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final Pattern DATACENTER = Pattern.compile("[A-Za-z0-9_.-]+");

  /**
   * @param arguments the command line after {@code release}'s own word
   * @throws UsageException when it is not a release command
   */
  static ReleaseInvocation parse(Arguments arguments, Defaults defaults) {
    List<String> words = arguments.words();
    if (words.size() < 2) {
      throw new UsageException("release: name a subcommand: list, rollback, retry or redeploy");
    }
    String subcommand = words.get(1);
    String url = orDefault(arguments.option("url"), defaults.url());
    String token = orDefault(arguments.option("token"), defaults.token());
    String requestedBy = orDefault(arguments.option("as"), defaults.user());
    ReleaseInvocation invocation =
        switch (subcommand) {
          case "list" -> {
            words(words, 3, "release list takes owner/repo");
            yield new ReleaseInvocation(
                repository(words.get(2)), null, arguments.flag("json"), false, url(url), token);
          }
          case "rollback" -> {
            words(words, 3, "release rollback takes owner/repo and --to N");
            String to = arguments.option("to");
            if (to == null) {
              throw new UsageException("release rollback needs --to N: the release to go back to");
            }
            yield operation(
                Operation.ROLLBACK, words.get(2), to, arguments, requestedBy, url, token);
          }
          case "retry", "redeploy" -> {
            words(words, 4, "release " + subcommand + " takes owner/repo and a release number");
            Operation operation = subcommand.equals("retry") ? Operation.RETRY : Operation.REDEPLOY;
            if (operation == Operation.REDEPLOY && arguments.options("dc").isEmpty()) {
              throw new UsageException("release redeploy needs --dc D: where to deploy it again");
            }
            yield operation(
                operation, words.get(2), words.get(3), arguments, requestedBy, url, token);
          }
          default ->
              throw new UsageException(
                  "release: unknown subcommand "
                      + subcommand
                      + " (one of list, rollback, retry, redeploy)");
        };
    arguments.rejectUnknown();
    return invocation;
  }

  private static ReleaseInvocation operation(
      Operation operation,
      String repository,
      String number,
      Arguments arguments,
      String requestedBy,
      String url,
      String token) {
    if (requestedBy == null || requestedBy.isBlank()) {
      throw new UsageException("--as needs a name");
    }
    OperationRequest request =
        new OperationRequest(
            operation,
            repository(repository),
            number(number),
            datacenters(arguments.options("dc")),
            requestedBy);
    return new ReleaseInvocation(
        request.repository(), request, false, !arguments.flag("no-wait"), url(url), token);
  }

  private static void words(List<String> words, int count, String usage) {
    if (words.size() != count) {
      throw new UsageException(usage);
    }
  }

  private static String repository(String text) {
    if (!REPOSITORY.matcher(text).matches()) {
      throw new UsageException("not a repository: '" + text + "' (write owner/repo)");
    }
    return text;
  }

  private static int number(String text) {
    try {
      return ReleaseNumbers.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static List<String> datacenters(List<String> options) {
    Set<String> datacenters = new LinkedHashSet<>();
    for (String option : options) {
      for (String datacenter : option.split(",", -1)) {
        String name = datacenter.strip();
        if (!DATACENTER.matcher(name).matches()) {
          throw new UsageException("--dc needs a datacenter name, was '" + option + "'");
        }
        datacenters.add(name);
      }
    }
    return new ArrayList<>(datacenters);
  }

  private static URI url(String text) {
    try {
      URI uri = URI.create(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // Said below, with what to write instead.
    }
    throw new UsageException("--url: not an http(s) URL: '" + text + "'");
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
