package dev.slipway.compiler.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Repositories in memory: files per commit, tags, and a switch that makes them unreachable. */
final class FakePipelineSource implements PipelineSource {

  private final Map<String, String> files = new HashMap<>();
  private final Map<String, String> tags = new HashMap<>();
  private int reads;
  private boolean unreachable;

  FakePipelineSource withFile(String repository, String sha, String text) {
    files.put(repository + "@" + sha, text);
    return this;
  }

  FakePipelineSource withTag(String repository, String tag, String sha) {
    tags.put(repository + "@" + tag, sha);
    return this;
  }

  void unreachable(boolean unreachable) {
    this.unreachable = unreachable;
  }

  int reads() {
    return reads;
  }

  @Override
  public Optional<String> read(String repository, String sha) {
    failWhenUnreachable();
    reads++;
    return Optional.ofNullable(files.get(repository + "@" + sha));
  }

  @Override
  public String resolveTag(String repository, String tag) throws PipelineException {
    failWhenUnreachable();
    String sha = tags.get(repository + "@" + tag);
    if (sha == null) {
      throw new PipelineException("tag " + tag + " does not exist in " + repository, null);
    }
    return sha;
  }

  @Override
  public String cloneUrl(String repository) {
    return "file:///repos/" + repository + ".git";
  }

  private void failWhenUnreachable() {
    if (unreachable) {
      throw new SourceUnavailableException("connection refused");
    }
  }
}
