package dev.slipway.deployer.etcd;

import dev.slipway.testsupport.etcd.EtcdProcess;
import dev.slipway.testsupport.etcd.TestCertificates;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * jetcd clients of a test etcd, with its client certificate, built the way the deployer builds
 * them.
 */
public final class EtcdTestClients {

  private EtcdTestClients() {}

  /**
   * @param endpoint the etcd's own endpoint, or another one (nothing listening) to test failures
   */
  public static Client connect(EtcdProcess etcd, String endpoint, Duration timeout) {
    TestCertificates certificates = etcd.certificates();
    return EtcdClients.connect(
        List.of(endpoint),
        Optional.of(
            new EtcdClients.Tls(
                certificates.ca().toString(),
                Optional.of(certificates.clientCert().toString()),
                Optional.of(certificates.clientKey().toString()))),
        timeout);
  }
}
