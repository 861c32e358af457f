package dev.slipway.compiler.domain;

import java.util.Optional;

/** Where {@code .slipway.yml} comes from: the repository itself, read at one commit. */
public interface PipelineSource {

  /**
   * The text of {@code .slipway.yml} at {@code sha}; empty when that commit has none.
   *
   * @throws PipelineException when the file exists but cannot be used (too large, not text) or the
   *     commit does not exist
   * @throws SourceUnavailableException when the repository could not be reached
   */
  Optional<String> read(String repository, String sha) throws PipelineException;

  /**
   * The commit a tag points at (through an annotated tag to its commit).
   *
   * @throws PipelineException when the repository has no such tag
   * @throws SourceUnavailableException when the repository could not be reached
   */
  String resolveTag(String repository, String tag) throws PipelineException;

  /** The URL the clone step fetches {@code repository} from. */
  String cloneUrl(String repository);
}
