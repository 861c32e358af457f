package dev.slipway.reporter.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.reporter.domain.CommitState;
import dev.slipway.reporter.domain.DeploymentKey;
import dev.slipway.reporter.domain.DeploymentStep;
import dev.slipway.reporter.domain.DesiredDeploymentStatus;
import dev.slipway.reporter.domain.DesiredStatus;
import dev.slipway.reporter.domain.Progress;
import dev.slipway.reporter.domain.ReleaseName;
import dev.slipway.reporter.domain.ReleaseNames;
import dev.slipway.reporter.domain.Report;
import dev.slipway.reporter.domain.ReportKey;
import dev.slipway.reporter.domain.StatusJournal;
import dev.slipway.reporter.domain.StatusKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal as an append-only file of JSON lines in a directory of the reporter's own. A
 * deployment's id and a release's name are forced to disk with their line; accepted and settled
 * statuses are appended (the page cache keeps them when the process is killed) and forced by {@link
 * #sync}, outside the monitor, so a line appended meanwhile is not held up by the disk. On load it
 * is compacted: one accepted and one settled line per key (and one line with the id of each
 * deployment, one with the tag of each of the newest {@link ReleaseNames#CAPACITY} releases named),
 * and keys settled longer than the retention ago are forgotten. Commit status lines have a {@code
 * context}, deployment status lines an {@code environment}.
 */
public final class JsonLinesStatusJournal implements StatusJournal, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JsonLinesStatusJournal.class);
  private static final String FILE_NAME = "statuses.jsonl";
  private static final String ACCEPTED = "accepted";
  private static final String SETTLED = "settled";
  private static final String DEPLOYMENT_CREATED = "deployment-created";
  private static final String RELEASE_NAMED = "release-named";

  private final ObjectMapper json =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);
  private final Path directory;
  private final Path file;
  private final Duration retention;
  private final Clock clock;
  private FileChannel channel;

  /** Lines appended since the file was opened, and how many of them are known to be on disk. */
  private long appended;

  private long forced;

  /**
   * One line of the file. A deployment status keeps its step in {@code state}, its release id in
   * {@code runId}, its build page in {@code targetUrl} and, when it answers a deployment a person
   * created, that deployment's id in {@code deploymentId}; a release name its id in {@code runId}.
   */
  record Line(
      String kind,
      String repository,
      String sha,
      String context,
      String state,
      String description,
      String targetUrl,
      String runId,
      String progress,
      String occurredAt,
      String correlationId,
      String environment,
      String tag,
      Integer releaseNumber,
      String environmentUrl,
      Long deploymentId) {

    static Line of(String kind, Report report) {
      if (report instanceof DesiredDeploymentStatus deployment) {
        DeploymentKey key = deployment.key();
        return new Line(
            kind,
            key.repository(),
            deployment.sha(),
            null,
            deployment.step().name(),
            deployment.description(),
            deployment.logUrl(),
            key.releaseId(),
            deployment.progress().name(),
            deployment.occurredAt().toString(),
            deployment.correlationId(),
            key.datacenter(),
            deployment.tag(),
            deployment.releaseNumber(),
            deployment.environmentUrl(),
            deployment.githubDeploymentId());
      }
      DesiredStatus status = (DesiredStatus) report;
      StatusKey key = status.key();
      return new Line(
          kind,
          key.repository(),
          key.sha(),
          key.context(),
          status.state().name(),
          status.description(),
          status.targetUrl(),
          status.runId(),
          status.progress().name(),
          status.occurredAt().toString(),
          status.correlationId(),
          null,
          null,
          null,
          null,
          null);
    }

    static Line deployment(DeploymentKey key, long id) {
      return new Line(
          DEPLOYMENT_CREATED,
          key.repository(),
          null,
          null,
          null,
          null,
          null,
          key.releaseId(),
          null,
          null,
          null,
          key.datacenter(),
          null,
          null,
          null,
          id);
    }

    static Line named(ReleaseName name) {
      return new Line(
          RELEASE_NAMED,
          name.repository(),
          null,
          null,
          null,
          null,
          null,
          name.releaseId(),
          null,
          null,
          null,
          null,
          name.tag(),
          null,
          null,
          null);
    }

    ReleaseName releaseName() {
      return new ReleaseName(repository, runId, tag);
    }

    boolean isDeployment() {
      return environment != null;
    }

    DeploymentKey deploymentKey() {
      return new DeploymentKey(repository, runId, environment);
    }

    Report report() {
      if (isDeployment()) {
        return new DesiredDeploymentStatus(
            deploymentKey(),
            tag,
            sha,
            releaseNumber,
            DeploymentStep.valueOf(state),
            description,
            environmentUrl,
            targetUrl,
            Instant.parse(occurredAt),
            correlationId,
            deploymentId);
      }
      return new DesiredStatus(
          new StatusKey(repository, sha, context),
          CommitState.valueOf(state),
          description,
          targetUrl,
          runId,
          Progress.valueOf(progress),
          Instant.parse(occurredAt),
          correlationId);
    }
  }

  public JsonLinesStatusJournal(Path directory, Duration retention, Clock clock) {
    this.directory = directory;
    this.file = directory.resolve(FILE_NAME);
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public synchronized Contents load() throws IOException {
    Files.createDirectories(directory);
    Map<ReportKey, Report> accepted = new LinkedHashMap<>();
    Map<ReportKey, Report> settled = new HashMap<>();
    Map<DeploymentKey, Long> deployments = new HashMap<>();
    Map<List<String>, ReleaseName> named = new LinkedHashMap<>();
    if (Files.exists(file)) {
      int lineNumber = 0;
      for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        lineNumber++;
        if (text.isBlank()) {
          continue;
        }
        try {
          Line line = json.readValue(text, Line.class);
          if (DEPLOYMENT_CREATED.equals(line.kind())) {
            deployments.put(line.deploymentKey(), line.deploymentId());
            continue;
          }
          if (RELEASE_NAMED.equals(line.kind())) {
            // Named again (with another tag), a release moves to the end: it was named last.
            List<String> release = List.of(line.repository(), line.runId());
            named.remove(release);
            named.put(release, line.releaseName());
            continue;
          }
          Report report = line.report();
          (SETTLED.equals(line.kind()) ? settled : accepted).put(report.key(), report);
        } catch (IOException | RuntimeException e) {
          // A crash while appending leaves a partial last line; its event was not committed.
          LOG.warn("skipping unreadable line {} of {}: {}", lineNumber, file, e.getMessage());
        }
      }
    }
    forgetOldSettled(accepted, settled);
    deployments.keySet().retainAll(accepted.keySet());
    List<ReleaseName> releaseNames =
        List.copyOf(ReleaseNames.newest(new ArrayList<>(named.values())));
    rewrite(accepted, settled, deployments, releaseNames);
    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    forced = appended;
    return new Contents(accepted, settled, deployments, releaseNames);
  }

  @Override
  public synchronized void accepted(Report report) throws IOException {
    append(Line.of(ACCEPTED, report));
  }

  @Override
  public synchronized void settled(Report report) throws IOException {
    append(Line.of(SETTLED, report));
  }

  @Override
  public void deploymentCreated(DeploymentKey key, long id) throws IOException {
    synchronized (this) {
      append(Line.deployment(key, id));
    }
    sync();
  }

  @Override
  public void releaseNamed(ReleaseName name) throws IOException {
    synchronized (this) {
      append(Line.named(name));
    }
    sync();
  }

  @Override
  public void sync() throws IOException {
    long upTo;
    FileChannel open;
    synchronized (this) {
      if (forced >= appended) {
        return;
      }
      upTo = appended;
      open = channel;
    }
    open.force(false);
    synchronized (this) {
      forced = Math.max(forced, upTo);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel != null) {
      channel.force(false);
      channel.close();
    }
  }

  private void forgetOldSettled(Map<ReportKey, Report> accepted, Map<ReportKey, Report> settled) {
    Instant horizon = clock.instant().minus(retention);
    accepted
        .values()
        .removeIf(
            status ->
                status.looksLike(settled.get(status.key()))
                    && status.occurredAt().isBefore(horizon));
    settled.keySet().retainAll(accepted.keySet());
  }

  private void rewrite(
      Map<ReportKey, Report> accepted,
      Map<ReportKey, Report> settled,
      Map<DeploymentKey, Long> deployments,
      List<ReleaseName> releaseNames)
      throws IOException {
    List<String> lines = new ArrayList<>();
    for (ReleaseName name : releaseNames) {
      lines.add(toJson(Line.named(name)));
    }
    for (Map.Entry<DeploymentKey, Long> deployment : deployments.entrySet()) {
      lines.add(toJson(Line.deployment(deployment.getKey(), deployment.getValue())));
    }
    for (Report report : accepted.values()) {
      lines.add(toJson(Line.of(ACCEPTED, report)));
      Report written = settled.get(report.key());
      if (written != null) {
        lines.add(toJson(Line.of(SETTLED, written)));
      }
    }
    Path compacted = directory.resolve(FILE_NAME + ".compacting");
    try (FileChannel out =
        FileChannel.open(
            compacted,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (String line : lines) {
        writeFully(out, line);
      }
      out.force(true);
    }
    Files.move(
        compacted, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void append(Line line) throws IOException {
    if (channel == null) {
      throw new IllegalStateException("the status journal must be loaded before it is written");
    }
    writeFully(channel, toJson(line));
    appended++;
  }

  private String toJson(Line line) throws JsonProcessingException {
    return json.writeValueAsString(line) + "\n";
  }

  private static void writeFully(FileChannel channel, String text) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }
}
