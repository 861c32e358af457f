package dev.slipway.compiler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.slipway.events.BuildDefinition;
import dev.slipway.events.DeployDefinition;
import dev.slipway.events.ReleaseRequested.QueueMode;
import dev.slipway.events.TaskResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PipelineParserTest {

  private final PipelineParser parser = new PipelineParser();

  @Test
  void readsEverySectionInFileOrder() throws PipelineException {
    Pipeline pipeline =
        parser.parse(
            """
            image: node:20-alpine
            env:
              CI: "true"
              LEVEL: 3
              TOKEN: {secret: npm-token}
            tasks:
              test:
                pre: [npm ci]
                cmds:
                  - npm test
                  - |
                    npm run lint
                    npm run e2e
                post: [rm -rf node_modules]
                timeout: 90s
                env: {LEVEL: "4"}
              build:
                image: registry.example.com:5000/team/builder@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                cmds: [make]
            release:
              dockerfile: docker/Dockerfile
              context: docker
              datacenters: [dc2, dc1]
              mode: queue
            deploy:
              service: shop
              replicas: 2
              port: 8080
              health: /q/health
            """);

    assertThat(pipeline.image()).isEqualTo("node:20-alpine");
    assertThat(pipeline.env())
        .containsExactly(
            Map.entry("CI", Pipeline.EnvValue.plain("true")),
            Map.entry("LEVEL", Pipeline.EnvValue.plain("3")),
            Map.entry("TOKEN", Pipeline.EnvValue.secret("npm-token")));
    assertThat(pipeline.tasks()).extracting(Pipeline.Task::name).containsExactly("test", "build");
    Pipeline.Task test = pipeline.tasks().get(0);
    assertThat(test.line()).isEqualTo(7);
    assertThat(test.image()).isNull();
    assertThat(test.pre()).containsExactly("npm ci");
    assertThat(test.cmds()).containsExactly("npm test", "npm run lint\nnpm run e2e\n");
    assertThat(test.post()).containsExactly("rm -rf node_modules");
    assertThat(test.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(test.env()).containsExactly(Map.entry("LEVEL", Pipeline.EnvValue.plain("4")));
    Pipeline.Task build = pipeline.tasks().get(1);
    assertThat(build.image()).startsWith("registry.example.com:5000/team/builder@sha256:");
    assertThat(build.timeout()).isNull();
    assertThat(pipeline.release())
        .isEqualTo(
            new Pipeline.Release(
                new BuildDefinition("docker/Dockerfile", "docker"),
                List.of("dc2", "dc1"),
                QueueMode.QUEUE,
                false));
    assertThat(pipeline.deploy()).isEqualTo(new DeployDefinition("shop", 2, 8080, "/q/health"));
  }

  @Test
  void releaseDefaultsToTheRootDockerfileAndSupersede() throws PipelineException {
    Pipeline pipeline =
        parser.parse(
            """
            release:
              datacenters: [dc1]
            deploy:
              service: shop
              port: 80
            """);

    assertThat(pipeline.tasks()).isEmpty();
    assertThat(pipeline.release())
        .isEqualTo(
            new Pipeline.Release(
                new BuildDefinition("Dockerfile", "."),
                List.of("dc1"),
                QueueMode.SUPERSEDE,
                false));
    assertThat(pipeline.deploy()).isEqualTo(new DeployDefinition("shop", 1, 80, "/healthz"));
  }

  @Test
  void aTaskAsksForResourcesOverThePipelines() throws PipelineException {
    Pipeline pipeline =
        parser.parse(
            """
            image: alpine
            resources: {memory: 512Mi, cpus: 1}
            tasks:
              small:
                cmds: [make]
              large:
                cmds: [make all]
                resources:
                  memory: 3g
                  cpus: 2.25
            """);

    assertThat(pipeline.resources()).isEqualTo(new TaskResources(512L << 20, 1000));
    assertThat(pipeline.tasks().get(0).resources()).isEqualTo(TaskResources.PLATFORM_DEFAULTS);
    assertThat(pipeline.tasks().get(1).resources()).isEqualTo(new TaskResources(3L << 30, 2250));
  }

  static Stream<Arguments> brokenFiles() {
    return Stream.of(
        broken(
            "invalid YAML",
            "image: alpine\ntasks:\n  lint:\n    cmds: [make, test\n",
            "invalid YAML at column",
            5),
        broken(
            "tab indentation", "image: alpine\ntasks:\n\tlint: {}\n", "invalid YAML at column", 3),
        broken(
            "unknown key with a suggestion",
            TASK_HEAD + "    tiemout: 5m\n",
            "unknown key `tiemout` in tasks.lint (did you mean `timeout`?)",
            5),
        broken(
            "unknown top-level key with a suggestion",
            "imgae: alpine\n",
            "unknown key `imgae` in the file (did you mean `image`?)",
            1),
        broken(
            "unknown key without a suggestion",
            TASK_HEAD + "    colour: red\n",
            "unknown key `colour` in tasks.lint; known keys:",
            5),
        broken(
            "missing cmds",
            "image: alpine\ntasks:\n  lint:\n    pre: [make deps]\n",
            "tasks.lint has no `cmds`",
            3),
        broken(
            "empty cmds",
            "image: alpine\ntasks:\n  lint:\n    cmds: []\n",
            "tasks.lint.cmds is empty",
            4),
        broken("empty task", "image: alpine\ntasks:\n  lint:\n", "tasks.lint is empty", 3),
        broken(
            "duplicate task",
            TASK_HEAD + "  lint:\n    cmds: [make]\n",
            "`lint` appears twice in tasks",
            5),
        broken(
            "duplicate key",
            "image: alpine\nimage: debian\n",
            "`image` appears twice in the file",
            2),
        broken(
            "memory without a unit",
            TASK_HEAD + "    resources: {memory: 2048}\n",
            "tasks.lint.resources.memory '2048' is not a size",
            5),
        broken(
            "memory too small",
            "image: alpine\nresources: {memory: 1m}\ntasks:\n  lint:\n    cmds: [make]\n",
            "resources.memory '1m' is not a size of at least 16m",
            2),
        broken(
            "cpus not a number",
            TASK_HEAD + "    resources:\n      cpus: many\n",
            "tasks.lint.resources.cpus 'many' is not a number of CPUs",
            6),
        broken(
            "cpus zero",
            TASK_HEAD + "    resources: {cpus: 0}\n",
            "is not a number of CPUs of at least 0.01",
            5),
        broken(
            "unknown resource",
            TASK_HEAD + "    resources: {memroy: 2g}\n",
            "unknown key `memroy` in tasks.lint.resources (did you mean `memory`?)",
            5),
        broken(
            "bad duration",
            TASK_HEAD + "    timeout: 20x\n",
            "tasks.lint.timeout '20x' is not a duration",
            5),
        broken(
            "duration too long",
            TASK_HEAD + "    timeout: 25h\n",
            "longer than the limit of 24h",
            5),
        broken(
            "task name not a DNS label",
            "image: alpine\ntasks:\n  Lint_All:\n    cmds: [make]\n",
            "task name 'Lint_All' must be a DNS label",
            3),
        broken(
            "bad image",
            "image: Not An/Image\ntasks:\n  lint:\n    cmds: [make]\n",
            "image 'Not An/Image' is not an image reference",
            1),
        broken(
            "no image anywhere",
            "tasks:\n  lint:\n    cmds: [make]\n",
            "tasks.lint has no image",
            2),
        broken(
            "env name",
            "image: alpine\nenv:\n  1FOO: x\ntasks:\n  lint:\n    cmds: [make]\n",
            "'1FOO' is not a variable name",
            3),
        broken(
            "reserved env name",
            TASK_HEAD + "    env: {SLIPWAY_SHA: x}\n",
            "names starting with SLIPWAY_ are set by Slipway",
            5),
        broken(
            "command that reads as a mapping",
            "image: alpine\ntasks:\n  lint:\n    cmds:\n      - echo: hi\n",
            "tasks.lint.cmds[0] reads as a mapping",
            5),
        broken(
            "tasks as a list", "image: alpine\ntasks:\n  - lint\n", "tasks must be a mapping", 3),
        broken(
            "merge key",
            "image: alpine\ntasks:\n  lint:\n    <<: {cmds: [make]}\n",
            "merge keys `<<` are not supported",
            4),
        broken("empty file", "", "the file is empty", 1),
        broken("nothing to do", "image: alpine\n", "neither `tasks` nor `release`", 1),
        broken(
            "release without datacenters",
            "release:\n  dockerfile: Dockerfile\ndeploy: {service: a, port: 80}\n",
            "release has no `datacenters`",
            2),
        broken(
            "release mode",
            "release:\n  datacenters: [dc1]\n  mode: newest\ndeploy: {service: a, port: 80}\n",
            "must be `supersede` or `queue`",
            3),
        broken(
            "datacenter twice",
            "release:\n  datacenters: [dc1, dc1]\ndeploy: {service: a, port: 80}\n",
            "datacenter 'dc1' is listed twice",
            2),
        broken(
            "prereleases not a boolean",
            "release:\n  datacenters: [dc1]\n  prereleases: yes\ndeploy: {service: a, port: 80}\n",
            "release.prereleases 'yes' must be `true` or `false`",
            3),
        broken(
            "prereleases misspelt",
            "release:\n  datacenters: [dc1]\n  prerelease: true\ndeploy: {service: a, port: 80}\n",
            "unknown key `prerelease` in release (did you mean `prereleases`?)",
            3),
        broken(
            "release without deploy",
            "release:\n  datacenters: [dc1]\n",
            "`release` needs a `deploy` section",
            2),
        broken(
            "dockerfile outside the repository",
            "release:\n  dockerfile: ../../etc/passwd\n  datacenters: [dc1]\ndeploy: {service: a, port: 80}\n",
            "must be a relative path inside the repository",
            2),
        broken(
            "no replicas",
            "release:\n  datacenters: [dc1]\ndeploy:\n  service: shop\n  replicas: 0\n  port: 80\n",
            "deploy.replicas '0' must be a whole number from 1 to 100",
            5),
        broken(
            "port out of range",
            "release:\n  datacenters: [dc1]\ndeploy:\n  service: shop\n  port: 70000\n",
            "deploy.port '70000' must be a whole number from 1 to 65535",
            5),
        broken(
            "control characters in a name",
            "image: alpine\ntasks:\n  \"a\\nb\":\n    cmds: [make]\n",
            "task name 'a?b' must be a DNS label",
            3),
        broken(
            "YAML bomb of nested aliases",
            yamlBomb(),
            "Number of aliases for non-scalar nodes exceeds the specified max=20",
            4),
        broken(
            "deep nesting",
            "image: alpine\ntasks: " + "[".repeat(40) + "]".repeat(40) + "\n",
            "invalid YAML",
            2),
        broken("1 MB of garbage", garbage(), "invalid YAML", 1),
        broken(
            "over a million characters",
            "# padding\n".repeat(100_001) + "image: alpine\n",
            "at most 1000000 are read",
            100_001));
  }

  @Test
  void aScalarAliasBombIsRejectedQuicklyNamingTheLimitAndTheLine() {
    String bomb = HostileFiles.scalarAliasBomb();

    PipelineException rejected =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> catchThrowableOfType(PipelineException.class, () -> parser.parse(bomb)));

    assertThat(rejected).isNotNull();
    assertThat(rejected.reason())
        .isEqualTo(
            "tasks.build.cmds[0] takes the task's entrypoint script past its limit of 262144 bytes "
                + "(each command is in it twice, echoed and run; an alias counts at each use)");
    assertThat(rejected.line()).isEqualTo(HostileFiles.BOMB_ANCHOR_LINE);
  }

  private static final PipelineLimits SMALL_LIMITS = new PipelineLimits(3_000, 2, 3, 2_000, 40);

  static Stream<Arguments> filesPastALimit() {
    String command = "echo " + "x".repeat(395);
    return Stream.of(
        broken(
            "too many tasks",
            "image: alpine\ntasks:\n  a: {cmds: [x]}\n  b: {cmds: [x]}\n  c: {cmds: [x]}\n",
            "tasks.c is one task too many: a file may have at most 2 tasks",
            5),
        broken(
            "too many commands in pre, cmds and post",
            "image: alpine\ntasks:\n  a:\n    pre: [x, y]\n    cmds: [z]\n    post: [w]\n",
            "tasks.a.post[0] is one command too many: a task may have at most 3 commands in pre, cmds and post together",
            6),
        broken(
            "too many uses of an aliased command",
            "image: alpine\ntasks:\n  a:\n    cmds: [&c make, *c, *c, *c]\n",
            "tasks.a.cmds[3] is one command too many",
            4),
        broken(
            "an entrypoint too large",
            "image: alpine\ntasks:\n  a:\n    cmds:\n      - "
                + command
                + "\n      - "
                + command
                + "\n",
            "tasks.a.cmds[1] takes the task's entrypoint script past its limit of 2000 bytes",
            6),
        broken(
            "an entrypoint too large through an alias",
            "image: alpine\ntasks:\n  a:\n    cmds: [&c \"" + command + "\", *c]\n",
            "tasks.a.cmds[1] takes the task's entrypoint script past its limit of 2000 bytes",
            4),
        broken(
            "the file's env too large",
            "image: alpine\nenv:\n  A: &v \""
                + "v".repeat(30)
                + "\"\n  B: *v\ntasks:\n  a: {cmds: [x]}\n",
            "env.B takes the task's environment past its limit of 40 bytes (names and values of the file's `env` and the task's together",
            4),
        broken(
            "the file's and a task's env together too large",
            "image: alpine\nenv:\n  A: \""
                + "v".repeat(30)
                + "\"\ntasks:\n  a:\n    cmds: [x]\n    env:\n      B: \""
                + "v".repeat(10)
                + "\"\n",
            "tasks.a.env.B takes the task's environment past its limit of 40 bytes",
            8),
        broken(
            "a file too long",
            "# padding\n".repeat(301) + "image: alpine\n",
            "the file has 3024 characters; at most 3000 are read",
            301));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filesPastALimit")
  void rejectsFilesPastALimitNamingTheLimitAndTheLine(
      String problem, String file, String reason, int line) {
    PipelineException rejected =
        catchThrowableOfType(
            PipelineException.class, () -> new PipelineParser(List.of(), SMALL_LIMITS).parse(file));

    assertThat(rejected).as(problem).isNotNull();
    assertThat(rejected.reason()).contains(reason);
    assertThat(rejected.line()).isEqualTo(line);
  }

  static Stream<Arguments> datacenterChecks() {
    String known = "; known datacenters: dc1, dc2";
    return Stream.of(
        Arguments.of("known ones", List.of("dc1", "dc2"), "[dc2, dc1]", null),
        Arguments.of(
            "a typo",
            List.of("dc1", "dc2"),
            "[dc1, dc-2]",
            "datacenter 'dc-2' is not one this platform deploys to (did you mean `dc2`?)" + known),
        Arguments.of(
            "another platform's",
            List.of("dc1", "dc2"),
            "[eu-west-1]",
            "datacenter 'eu-west-1' is not one this platform deploys to" + known),
        Arguments.of("no check configured", List.of(), "[eu-west-1]", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("datacenterChecks")
  void releaseDatacentersMustBeOnesThePlatformKnows(
      String kind, List<String> platform, String datacenters, String reason) {
    String file = "release:\n  datacenters: " + datacenters + "\ndeploy: {service: a, port: 80}\n";
    PipelineParser checking = new PipelineParser(platform, PipelineLimits.DEFAULTS);

    PipelineException rejected =
        catchThrowableOfType(PipelineException.class, () -> checking.parse(file));

    if (reason == null) {
      assertThat(rejected).as(kind).isNull();
    } else {
      assertThat(rejected).as(kind).isNotNull();
      assertThat(rejected.reason()).isEqualTo(reason);
      assertThat(rejected.line()).isEqualTo(2);
    }
  }

  @Test
  void prereleasesAreOptInPerRepository() throws PipelineException {
    String file = "release:\n  datacenters: [dc1]\n%sdeploy: {service: a, port: 80}\n";

    assertThat(parser.parse(file.formatted("")).release().prereleases()).isFalse();
    assertThat(parser.parse(file.formatted("  prereleases: false\n")).release().prereleases())
        .isFalse();
    assertThat(parser.parse(file.formatted("  prereleases: true\n")).release().prereleases())
        .isTrue();
  }

  private static final String TASK_HEAD = "image: alpine\ntasks:\n  lint:\n    cmds: [make]\n";

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void rejectsBrokenFilesNamingTheProblemAndItsLine(
      String problem, String file, String reason, int line) {
    PipelineException rejected =
        catchThrowableOfType(PipelineException.class, () -> parser.parse(file));

    assertThat(rejected).as(problem).isNotNull();
    assertThat(rejected.reason()).contains(reason);
    assertThat(rejected.line()).isEqualTo(line);
  }

  private static Arguments broken(String problem, String file, String reason, int line) {
    return Arguments.of(problem, file, reason, line);
  }

  /** The "billion laughs": nine levels of nine aliases each would expand to 9^9 strings. */
  private static String yamlBomb() {
    StringBuilder bomb =
        new StringBuilder(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char level = 'b'; level <= 'i'; level++) {
      String previous = "*" + (char) (level - 1);
      bomb.append(level)
          .append(": &")
          .append(level)
          .append(" [")
          .append(String.join(",", java.util.Collections.nCopies(9, previous)))
          .append("]\n");
    }
    return bomb.toString();
  }

  private static String garbage() {
    Random random = new Random(42);
    StringBuilder garbage = new StringBuilder();
    while (garbage.length() < PipelineLimits.DEFAULTS.maxFileCharacters()) {
      garbage.append((char) random.nextInt(0x3000));
    }
    return garbage.toString();
  }
}
