package dev.slipway.deployer.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/** Builds jetcd clients; building one does not connect. */
public final class EtcdClients {

  /**
   * Client TLS material, PEM files. jetcd reads only PKCS#8 private keys ({@code openssl pkcs8
   * -topk8 -nocrypt -in key.pem -out key.pk8.pem}).
   *
   * @param cert with {@code key}, the client certificate for etcd's client-cert-auth; both or
   *     neither
   */
  public record Tls(String ca, Optional<String> cert, Optional<String> key) {
    public Tls {
      if (cert.isPresent() != key.isPresent()) {
        throw new IllegalArgumentException(
            "etcd TLS needs both a client cert and its key, or neither");
      }
    }
  }

  private EtcdClients() {}

  public static Client connect(List<String> endpoints, Optional<Tls> tls, Duration timeout) {
    ClientBuilder builder =
        Client.builder()
            .endpoints(endpoints.toArray(String[]::new))
            .connectTimeout(timeout)
            .retryMaxDuration(timeout)
            // Waiting for a connection would hold a call until its own deadline; fail instead, and
            // let the consumer retry the event.
            .waitForReady(false);
    if (tls.isPresent()) {
      Tls material = tls.get();
      try {
        builder.sslContext(
            ssl -> {
              ssl.trustManager(new File(material.ca()));
              if (material.cert().isPresent()) {
                ssl.keyManager(
                    new File(material.cert().get()), new File(material.key().orElseThrow()));
              }
            });
      } catch (SSLException e) {
        throw new IllegalArgumentException("etcd TLS material is unusable: " + e.getMessage(), e);
      }
    }
    return builder.build();
  }
}
