package dev.slipway.runner.domain;

import dev.slipway.platform.organisations.Organisation;
import dev.slipway.platform.organisations.Organisations;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where a repository's release images go: {@code <registry>/<namespace>/<repo>}, the namespace
 * being its organisation's {@code registry-namespace}; without one (no organisations file), the
 * owner's name. Each segment is made a valid image path component ({@link RepositoryPaths}).
 */
public final class ReleaseImages {

  private static final Organisations NONE = new Organisations(List.of());

  private final String registry;
  private final Supplier<Organisations> organisations;

  public ReleaseImages(String registry, Supplier<Organisations> organisations) {
    this.registry = registry;
    this.organisations = organisations;
  }

  /** Every repository under its owner's name. */
  public static ReleaseImages byOwner(String registry) {
    return new ReleaseImages(registry, () -> NONE);
  }

  /** The image (without tag) of {@code repository}'s releases. */
  public String of(String repository) {
    String name = repository.substring(repository.indexOf('/') + 1);
    return organisations
        .get()
        .of(repository)
        .map(Organisation::registryNamespace)
        .filter(namespace -> !namespace.isEmpty())
        .map(namespace -> registry + "/" + RepositoryPaths.of(namespace + "/" + name))
        .orElse(registry + "/" + RepositoryPaths.of(repository));
  }
}
