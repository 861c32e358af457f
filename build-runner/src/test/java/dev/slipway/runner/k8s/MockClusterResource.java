package dev.slipway.runner.k8s;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server in CRUD mode as the runner's cluster: the runner reaches it through the
 * Quarkus Kubernetes client's own settings, and the test gets the server to play the cluster with.
 */
public class MockClusterResource implements QuarkusTestResourceLifecycleManager {

  private KubernetesMockServer server;

  @Override
  public Map<String, String> start() {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    // Fully qualified: the lifecycle manager interface has a Context of its own.
    server =
        new KubernetesMockServer(
            new io.fabric8.mockwebserver.Context(Serialization.jsonMapper()),
            new MockWebServer(),
            expectations,
            new KubernetesMixedDispatcher(expectations),
            false);
    server.init();
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
