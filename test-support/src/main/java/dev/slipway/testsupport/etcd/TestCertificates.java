package dev.slipway.testsupport.etcd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA with a server certificate for 127.0.0.1/localhost and a client certificate (key
 * also as PKCS#8, which jetcd needs), made with the {@code openssl} command line.
 *
 * @param clientKeyPem the client key as openssl wrote it (SEC1 PEM), for etcdctl
 * @param clientKey the client key as PKCS#8, as jetcd requires
 */
public record TestCertificates(
    Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKeyPem, Path clientKey) {

  /** {@code openssl req}'s options for a new, unencrypted P-256 key. */
  private static final List<String> NEW_P256_KEY =
      List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes");

  /** Makes the CA and the certificates in {@code dir}. */
  public static TestCertificates generate(Path dir) {
    newKey(dir, "ca", "-x509", "-out", "ca.pem", "-days", "2");
    signed(
        dir, "server", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    signed(dir, "client", "extendedKeyUsage=clientAuth\n");
    openssl(dir, "pkcs8", "-topk8", "-nocrypt", "-in", "client.key", "-out", "client.pk8.pem");
    return new TestCertificates(
        dir.resolve("ca.pem"),
        dir.resolve("server.pem"),
        dir.resolve("server.key"),
        dir.resolve("client.pem"),
        dir.resolve("client.key"),
        dir.resolve("client.pk8.pem"));
  }

  /** A certificate {@code name.pem} for a new key, signed by the CA. */
  private static void signed(Path dir, String name, String extensions) {
    try {
      Files.writeString(dir.resolve(name + ".ext"), extensions);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    newKey(dir, name, "-out", name + ".csr");
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        name + ".pem",
        "-days",
        "2",
        "-extfile",
        name + ".ext");
  }

  /**
   * A new P-256 key {@code name.key} and, as {@code output} says, a request for its certificate or
   * the certificate itself, self-signed.
   */
  private static void newKey(Path dir, String name, String... output) {
    List<String> arguments = new ArrayList<>(List.of("req"));
    arguments.addAll(NEW_P256_KEY);
    arguments.addAll(List.of("-keyout", name + ".key", "-subj", "/CN=slipway-test-" + name));
    arguments.addAll(List.of(output));
    openssl(dir, arguments.toArray(String[]::new));
  }

  private static void openssl(Path dir, String... arguments) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    try {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("openssl is needed to make test certificates", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
