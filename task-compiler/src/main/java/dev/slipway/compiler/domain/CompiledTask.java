package dev.slipway.compiler.domain;

import dev.slipway.events.TaskResources;
import java.util.List;
import java.util.Map;

/**
 * One task compiled for one kind of run: what the task image is made of, and what the container
 * gets at run time.
 *
 * @param dockerfile builds the task image from {@code baseImage} and {@link
 *     TaskCompiler#ENTRYPOINT_FILE}
 * @param entrypoint the script run in the checked-out workspace
 * @param contentHash SHA-256 of Dockerfile and entrypoint: same hash, same task image
 * @param env plain environment of the container, from the file (task env over pipeline env)
 * @param secrets environment variable → name of the platform-held secret that fills it
 * @param withheldSecrets variables left out because the run may not have their secrets (a fork's,
 *     or one kept to the default branch)
 * @param resources what the task asks beyond the platform's defaults, the pipeline's filling in the
 *     task's
 */
public record CompiledTask(
    String name,
    String baseImage,
    String dockerfile,
    String entrypoint,
    String contentHash,
    long timeoutSeconds,
    Map<String, String> env,
    Map<String, String> secrets,
    List<String> withheldSecrets,
    TaskResources resources) {}
