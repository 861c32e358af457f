package dev.slipway.runner.registry;

/**
 * The registries.conf buildah builds release images with, on this machine or in a build Job: image
 * names must name their registry (no short-name search), and when {@code insecure} is set the
 * runner's registry alone is spoken to over plain HTTP, so a {@code FROM} on any other registry
 * still verifies TLS.
 */
public final class RegistriesConf {

  private RegistriesConf() {}

  public static String text(String registry, boolean insecure) {
    return "# Written by the build-runner for its buildah calls (CONTAINERS_REGISTRIES_CONF); the machine's /etc is left alone.\n"
        + "# Image names must name their registry: no short-name search.\n"
        + "unqualified-search-registries = []\n"
        + (insecure ? "\n[[registry]]\nlocation = \"" + registry + "\"\ninsecure = true\n" : "");
  }
}
