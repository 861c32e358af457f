package dev.slipway.deployer.domain;

/**
 * One HTTP GET of a health URL: a replica's through its own address, or a service's through its
 * datacenter's proxy. An address that does not answer is an answer too, never an exception.
 */
public interface HealthProbe {

  Answer get(String url);

  /**
   * @param healthy whether it answered 2xx
   * @param description "HTTP 503" or the connection error, for the user
   * @param release the release that answered, as the proxy names it ({@code X-Slipway-Release});
   *     null when nothing named it (a replica asked directly, or a proxy that does not say)
   */
  record Answer(boolean healthy, String description, String release) {

    public Answer(boolean healthy, String description) {
      this(healthy, description, null);
    }
  }
}
