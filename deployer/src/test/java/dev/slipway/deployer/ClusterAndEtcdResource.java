package dev.slipway.deployer;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.deployer.k8s.FakeDeploymentController;
import dev.slipway.testsupport.etcd.EtcdProcess;
import dev.slipway.testsupport.etcd.TestCertificates;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Datacenter {@value #DATACENTER} for the deployer under test: fabric8's mock API server in CRUD
 * mode, reached through a kubeconfig file like a real cluster, with a fake deployment controller
 * that makes pods available unless their image digest is {@link #BROKEN_DIGEST}; a real etcd over
 * TLS; and an HTTP server standing in for the datacenter's haproxy at its public URL.
 */
public class ClusterAndEtcdResource implements QuarkusTestResourceLifecycleManager {

  public static final String DATACENTER = "dc-test";
  public static final String NAMESPACE = "shop-test";
  public static final String BROKEN_DIGEST = "sha256:" + "dead".repeat(16);
  private static final String PREFIX = "slipway.deployer.datacenters." + DATACENTER + ".";

  private KubernetesMockServer cluster;
  private FakeDeploymentController controller;
  private EtcdProcess etcd;
  private Path kubeconfig;
  private HttpServer proxy;

  @Override
  public Map<String, String> start() {
    cluster =
        new KubernetesMockServer(
            new io.fabric8.mockwebserver.Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    cluster.init();
    controller =
        FakeDeploymentController.start(
            cluster.createClient(), image -> !image.endsWith(BROKEN_DIGEST));
    etcd = EtcdProcess.startWithTls();
    kubeconfig = writeKubeconfig("http://" + cluster.getHostName() + ":" + cluster.getPort());
    TestCertificates certificates = etcd.certificates();
    Map<String, String> config = new HashMap<>();
    config.put(PREFIX + "kubeconfig", kubeconfig.toString());
    config.put(PREFIX + "namespace", NAMESPACE);
    config.put(PREFIX + "etcd-endpoints", etcd.endpoint());
    config.put(PREFIX + "etcd-tls.ca", certificates.ca().toString());
    config.put(PREFIX + "etcd-tls.cert", certificates.clientCert().toString());
    config.put(PREFIX + "etcd-tls.key", certificates.clientKey().toString());
    proxy = startProxy();
    config.put(PREFIX + "public-url", "http://127.0.0.1:" + proxy.getAddress().getPort());
    config.put(PREFIX + "nodes", "10.0.2.21,10.0.2.22");
    config.put("slipway.deployer.rollout-timeout", "3s");
    config.put("slipway.deployer.rollout-poll-interval", "100ms");
    return config;
  }

  /**
   * The datacenter's haproxy as the deployer sees it right after a registration: "no such service"
   * to the first requests of a path (its sync has not reloaded it yet), then the service's answer.
   */
  private static HttpServer startProxy() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      Map<String, Integer> asked = new ConcurrentHashMap<>();
      server.createContext(
          "/",
          exchange -> {
            int status =
                asked.merge(exchange.getRequestURI().getPath(), 1, Integer::sum) > 3 ? 200 : 503;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path writeKubeconfig(String server) {
    try {
      Path file = Files.createTempFile("slipway-kubeconfig-", ".yaml");
      Files.writeString(
          file,
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters:",
              "- name: mock",
              "  cluster:",
              "    server: " + server,
              "users:",
              "- name: deployer",
              "  user:",
              "    token: test-token",
              "contexts:",
              "- name: mock",
              "  context:",
              "    cluster: mock",
              "    user: deployer",
              "current-context: mock",
              ""));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    controller.close();
    proxy.stop(0);
    cluster.destroy();
    etcd.close();
    kubeconfig.toFile().delete();
  }
}
