package dev.slipway.runner.k8s;

import dev.slipway.runner.state.RunLogFiles;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts what a Job's Pod printed into the log of its run or release build: the main container's
 * output (the task's, the image build's) is followed while it runs, so the page shows it live, and
 * copied whole once it ended, so a follow that started late or broke off loses nothing. Both keep
 * at most the run's output limit ({@link RunLogFiles#truncating}). A failed clone's output goes to
 * the steps.
 */
final class PodLogs {

  private static final Logger LOG = LoggerFactory.getLogger(PodLogs.class);

  private final KubernetesClient client;
  private final String namespace;
  private final RunLogFiles logs;

  PodLogs(KubernetesClient client, String namespace, RunLogFiles logs) {
    this.client = client;
    this.namespace = namespace;
    this.logs = logs;
  }

  /**
   * Follows the container's output into the log, from its first line; null when the API refuses.
   */
  Following follow(String runId, String pod, String container) {
    OutputStream output;
    try {
      output = logs.truncatingOutput(runId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the log of run " + runId, e);
    }
    try {
      return new Following(container(pod, container).watchLog(output), output);
    } catch (KubernetesClientException e) {
      LOG.warn(
          "run={} cannot follow the output of pod {}, it is copied when the pod ends: {}",
          runId,
          pod,
          e.getMessage());
      closeQuietly(output);
      return null;
    }
  }

  /**
   * Replaces the log's output part with the container's output as the kubelet still has it, unless
   * what was followed is longer: the kubelet rotates a container's log file (10 MiB by default) and
   * then serves only the newest file, while the follow went on across the rotation. The copy wins
   * when the follow started late or broke off; what was followed stays when the Pod is gone.
   */
  void copyOutput(String runId, String pod, String container) {
    Path target = logs.output(runId);
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try (InputStream in = container(pod, container).getLogInputStream();
        OutputStream out = logs.truncating(partial, logs.maskerOf(runId))) {
      // Read to the end even past the limit: the log's last line says how much was dropped.
      in.transferTo(out);
    } catch (KubernetesClientException | IOException e) {
      LOG.warn(
          "run={} output of pod {} not readable, keeping what was followed: {}",
          runId,
          pod,
          e.getMessage());
      return;
    }
    try {
      if (Files.exists(target) && Files.size(partial) < Files.size(target)) {
        LOG.info(
            "run={} output of pod {} is shorter than what was followed (rotated by the kubelet), keeping the followed",
            runId,
            pod);
        Files.delete(partial);
        return;
      }
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn(
          "run={} output of pod {} not moved into its log, keeping what was followed: {}",
          runId,
          pod,
          e.getMessage());
    }
  }

  /** Appends what an init container printed to the run's steps. */
  void copyStepOutput(String runId, String pod, String container) {
    try {
      logs.step(runId, "--- " + container + " output");
      String output = container(pod, container).getLog();
      if (output != null) {
        output.lines().forEach(line -> logs.step(runId, line));
      }
    } catch (KubernetesClientException e) {
      logs.step(runId, "(output of " + container + " not readable: " + e.getMessage() + ")");
    }
  }

  private ContainerResource container(String pod, String container) {
    // The Pod's state was read before; fabric8 would otherwise wait up to 5 s for a failed Pod to
    // become ready.
    return client
        .pods()
        .inNamespace(namespace)
        .withName(pod)
        .inContainer(container)
        .withReadyWaitTimeout(0);
  }

  private static void closeQuietly(OutputStream output) {
    try {
      output.close();
    } catch (IOException e) {
      // the stream is unbuffered: what was written is in the file already
    }
  }

  /** A running follow of a Pod's output; closing it stops the follow and closes the log file. */
  static final class Following implements AutoCloseable {
    private final LogWatch watch;
    private final OutputStream output;

    private Following(LogWatch watch, OutputStream output) {
      this.watch = watch;
      this.output = output;
    }

    @Override
    public void close() {
      watch.close();
      closeQuietly(output);
    }
  }
}
