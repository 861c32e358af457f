package dev.slipway.runner.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.runner.domain.BuildResult;
import org.junit.jupiter.api.Test;

/** The outputs are buildah 1.28's, captured on this project's machines. */
class BuildahErrorsTest {

  private static final String DOCKERFILE =
      "# syntax is plain\n"
          + "FROM 127.0.0.1:5000/busybox:latest\n"
          + "\n"
          + "COPY www /www\n"
          + "RUN echo building && \\\n"
          + "    # a comment inside the instruction\n"
          + "    false\n"
          + "CMD [\"httpd\",\"-f\",\"-p\",\"8080\",\"-h\",\"/www\"]\n";

  @Test
  void aFailingRunPointsAtItsLine() {
    String output =
        "STEP 1/4: FROM 127.0.0.1:5000/busybox:latest\n"
            + "STEP 2/4: COPY www /www\n"
            + "STEP 3/4: RUN echo building &&     false\n"
            + "building\n"
            + "Error: building at STEP \"RUN echo building &&     false\": while running runtime: exit status 1\n";

    assertThat(usersError(output, 1, DOCKERFILE, "docker/Dockerfile"))
        .isEqualTo(
            "docker/Dockerfile:5: RUN echo building && false: while running runtime: exit status 1");
  }

  @Test
  void aStepOfALaterStageIsCountedInItsStage() {
    String dockerfile =
        "ARG X=1\nFROM base AS one\nRUN echo one\nFROM base\nCOPY --from=one /bin/sh /x\nRUN exit 3\n";
    String output =
        "[1/2] STEP 1/2: FROM base AS one\n[1/2] STEP 2/2: RUN echo one\none\n[2/2] STEP 1/3: FROM base\n"
            + "[2/2] STEP 2/3: COPY --from=one /bin/sh /x\n[2/2] STEP 3/3: RUN exit 3\n"
            + "Error: building at STEP \"RUN exit 3\": while running runtime: exit status 3\n";

    assertThat(usersError(output, 3, dockerfile, "Dockerfile"))
        .isEqualTo("Dockerfile:6: RUN exit 3: while running runtime: exit status 3");
  }

  @Test
  void aMissingCopySourceAndAnUnknownInstructionAreTheUsersToo() {
    String copy =
        "STEP 1/2: FROM base\nSTEP 2/2: COPY nope /x\n"
            + "Error: building at STEP \"COPY nope /x\": checking on sources under \"/w\": copier: stat: \"/nope\": no such file or directory\n";
    assertThat(usersError(copy, 125, "FROM base\nCOPY nope /x\n", "Dockerfile"))
        .isEqualTo(
            "Dockerfile:2: COPY nope /x: checking on sources under \"/w\": copier: stat: \"/nope\": no such file or directory");

    String unknown =
        "STEP 1/2: FROM base\nSTEP 2/2: BOGUS x\n"
            + "Error: building at STEP \"BOGUS \": Build error: Unknown instruction: \"BOGUS\" &imagebuilder.Step{Env:[]string{}, Original:\"BOGUS x\"}\n";
    assertThat(usersError(unknown, 125, "FROM base\nBOGUS x\n", "Dockerfile"))
        .isEqualTo("Dockerfile:2: BOGUS x: Build error: Unknown instruction: \"BOGUS\"");
  }

  @Test
  void aMissingBaseImagePointsAtItsFrom() {
    String output =
        "STEP 1/1: FROM 127.0.0.1:5000/nothing:latest\nTrying to pull 127.0.0.1:5000/nothing:latest...\n"
            + "Error: creating build container: initializing source docker://127.0.0.1:5000/nothing:latest: reading manifest"
            + " latest in 127.0.0.1:5000/nothing: manifest unknown: manifest unknown\n";

    assertThat(usersError(output, 125, "FROM 127.0.0.1:5000/nothing:latest\n", "Dockerfile"))
        .isEqualTo(
            "Dockerfile:1: FROM 127.0.0.1:5000/nothing:latest: base image not found: manifest unknown");
  }

  @Test
  void anUnreachableRegistryIsToldApart() {
    String pull =
        "STEP 1/2: FROM 127.0.0.1:5000/busybox:latest\n"
            + "Error: creating build container: initializing source docker://127.0.0.1:5000/busybox:latest: pinging container"
            + " registry 127.0.0.1:5000: Get \"http://127.0.0.1:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused\n";
    assertThat(BuildahErrors.ofBuild(pull, 125, DOCKERFILE, "Dockerfile"))
        .isInstanceOf(BuildResult.RegistryUnavailable.class);

    String push =
        "Getting image source signatures\n"
            + "Error: pushing image \"r/org/shop:v2\" to \"docker://r/org/shop:v2\": trying to reuse blob sha256:e05b at destination:"
            + " pinging container registry 127.0.0.1:5392: Get \"http://127.0.0.1:5392/v2/\": dial tcp 127.0.0.1:5392: connect: connection refused\n";
    assertThat(BuildahErrors.ofPush(push, 125)).isInstanceOf(BuildResult.RegistryUnavailable.class);
  }

  @Test
  void anythingElseIsAnInfrastructureError() {
    assertThat(
            BuildahErrors.ofBuild(
                "Error: mounting new container: permission denied\n",
                125,
                DOCKERFILE,
                "Dockerfile"))
        .isEqualTo(new BuildResult.Broken("buildah: mounting new container: permission denied"));
    assertThat(BuildahErrors.ofPush("", 1))
        .isEqualTo(new BuildResult.Broken("pushing the image: buildah exited with code 1"));
  }

  /**
   * The user's error that buildah's {@code output} of a failed build of {@code dockerfile} shows.
   */
  private static String usersError(String output, int exitCode, String dockerfile, String path) {
    BuildResult result = BuildahErrors.ofBuild(output, exitCode, dockerfile, path);
    assertThat(result).isInstanceOf(BuildResult.Failed.class);
    return ((BuildResult.Failed) result).detail();
  }
}
