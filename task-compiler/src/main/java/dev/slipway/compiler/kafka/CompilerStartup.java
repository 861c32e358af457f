package dev.slipway.compiler.kafka;

import dev.slipway.compiler.config.CompilerSettings;
import dev.slipway.compiler.config.GitSettings;
import dev.slipway.compiler.domain.PipelineParser;
import dev.slipway.compiler.domain.PipelineSource;
import dev.slipway.compiler.domain.Pipelines;
import dev.slipway.compiler.domain.Planner;
import dev.slipway.compiler.domain.TaskCompiler;
import dev.slipway.compiler.domain.UnreachableRepositories;
import dev.slipway.compiler.git.GitPipelineSource;
import dev.slipway.compiler.github.ContentsApiPipelineSource;
import dev.slipway.compiler.state.JsonUnreachableRepositoriesStore;
import dev.slipway.events.Topics;
import dev.slipway.platform.kafka.EventPublisher;
import dev.slipway.platform.organisations.CredentialsFolder;
import dev.slipway.platform.runtime.ConsumerLauncher;
import dev.slipway.platform.runtime.CredentialSettings;
import dev.slipway.platform.runtime.OrganisationSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Wires the compiler together and starts consuming webhooks when the service starts; its metrics
 * reach Micrometer through {@link CompilerMetrics}, so the domain knows no metrics library.
 */
@ApplicationScoped
class CompilerStartup {

  static final String GROUP = "task-compiler";

  private GitPipelineSource gitSource;

  void onStart(
      @Observes StartupEvent event,
      ConsumerLauncher launcher,
      EventPublisher publisher,
      Clock clock,
      GitSettings git,
      CompilerSettings settings,
      OrganisationSettings organisations,
      CredentialSettings credentials,
      MeterRegistry meters) {
    CompilerMetrics metrics = new CompilerMetrics(meters);
    Optional<CredentialsFolder> folder = credentials.folder();
    Function<String, Optional<String>> tokens = owner -> folder.flatMap(f -> f.token(owner));
    gitSource =
        new GitPipelineSource(
            git.urlTemplate(), Path.of(git.workDir()), git.timeout(), metrics, tokens);
    PipelineSource source =
        git.contentsApiUrl()
            .<PipelineSource>map(
                url ->
                    new ContentsApiPipelineSource(
                        url, git.timeout(), metrics, tokens, gitSource, clock))
            .orElse(gitSource);
    Planner planner =
        new Planner(
            new Pipelines(
                source,
                settings.cacheSize(),
                new PipelineParser(settings.knownDatacenters(), settings.pipelineLimits())),
            new TaskCompiler(settings.defaultTimeout()),
            OrganisationSettings.organisationsWithoutSecrets(organisations));
    WebhookCompiler compiler =
        new WebhookCompiler(
            planner,
            publisher,
            launcher.source(),
            clock,
            new UnreachableRepositories(
                clock,
                settings.unreachableAttempts(),
                settings.unreachableMemory(),
                settings.unreachableProbeInterval(),
                new JsonUnreachableRepositoriesStore(Path.of(git.workDir()))),
            settings.maxEventBytes(),
            metrics);
    launcher.start(GROUP, List.of(Topics.WEBHOOK), compiler);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (gitSource != null) {
      gitSource.close();
    }
  }
}
