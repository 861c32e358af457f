package dev.slipway.runner.k8s;

import dev.slipway.testsupport.kubernetes.MockCluster;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * fabric8's mock API server in CRUD mode as the runner's cluster: the runner reaches it through the
 * Quarkus Kubernetes client's own settings, and the test gets the server to play the cluster with.
 */
public class MockClusterResource implements QuarkusTestResourceLifecycleManager {

  private KubernetesMockServer server;

  @Override
  public Map<String, String> start() {
    server = MockCluster.startCrudServer();
    return Map.of(
        "slipway.executor",
        "kubernetes",
        "quarkus.kubernetes-client.api-server-url",
        server.url("/"),
        "slipway.runner.kubernetes.namespace",
        FakeCluster.NAMESPACE,
        "slipway.runner.kubernetes.poll-interval",
        "50ms");
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(server, new TestInjector.MatchesType(KubernetesMockServer.class));
  }

  @Override
  public void stop() {
    server.destroy();
  }
}
