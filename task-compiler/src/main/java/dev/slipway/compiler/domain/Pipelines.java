package dev.slipway.compiler.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and parses {@code .slipway.yml} per (repository, sha), remembering the outcome: a commit's
 * file never changes, so neither does what it compiles to. Failures to reach the repository are not
 * remembered.
 */
public final class Pipelines {

  private final PipelineSource source;
  private final PipelineParser parser;
  private final Map<String, PipelineOutcome> cache;

  /** Pipelines that may name any datacenter. */
  public Pipelines(PipelineSource source, int cacheSize) {
    this(source, cacheSize, new PipelineParser());
  }

  public Pipelines(PipelineSource source, int cacheSize, PipelineParser parser) {
    this.source = source;
    this.parser = parser;
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, PipelineOutcome> eldest) {
            return size() > cacheSize;
          }
        };
  }

  /**
   * @throws SourceUnavailableException when the repository could not be reached
   */
  public PipelineOutcome at(String repository, String sha) {
    String key = repository + "@" + sha;
    synchronized (cache) {
      PipelineOutcome cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
    }
    PipelineOutcome outcome = load(repository, sha);
    synchronized (cache) {
      cache.put(key, outcome);
    }
    return outcome;
  }

  private PipelineOutcome load(String repository, String sha) {
    try {
      return source
          .read(repository, sha)
          .<PipelineOutcome>map(text -> parse(text))
          .orElseGet(PipelineOutcome.Missing::new);
    } catch (PipelineException e) {
      return new PipelineOutcome.Rejected(e.reason(), e.line());
    }
  }

  private PipelineOutcome parse(String text) {
    try {
      return new PipelineOutcome.Found(parser.parse(text));
    } catch (PipelineException e) {
      return new PipelineOutcome.Rejected(e.reason(), e.line());
    }
  }

  public PipelineSource source() {
    return source;
  }
}
