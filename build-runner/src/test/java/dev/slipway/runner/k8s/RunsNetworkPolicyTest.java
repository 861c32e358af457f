package dev.slipway.runner.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.events.TaskPlanned;
import dev.slipway.testsupport.TaskPlans;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The runs' NetworkPolicies as applied ({@code deploy/kubernetes/16-runs-network-policy.yaml}, read
 * from the repository) against the Pod labels the runner really sets: a policy whose selector
 * misses the run Pods would leave them the whole network. What the policies allow is {@code
 * deploy/check_manifests.py}'s.
 */
class RunsNetworkPolicyTest {

  private static final Path POLICIES =
      Path.of("..", "deploy", "kubernetes", "16-runs-network-policy.yaml");

  @Test
  void runPodsGetTheOutsideButNotTheRegistry() throws IOException {
    TaskPlanned task =
        TaskPlans.taskPlanned()
            .sha(Runs.SHA)
            .fork()
            .cloneUrl(Runs.CLONE_URL)
            .contentHash("abc")
            .timeoutSeconds(600)
            .build();
    Job job =
        new JobSpecFactory(Runs.settings())
            .job(
                task,
                "registry.test:5000/slipway-tasks/org-shop:abc",
                600,
                Optional.empty(),
                Set.of());

    assertThat(selecting(podLabels(job))).containsExactly("default-deny", "runs-egress");
  }

  @Test
  void releaseBuildPodsGetTheOutsideAndTheRegistry() throws IOException {
    Job job =
        new ReleaseJobSpecFactory(Runs.settings(), KubernetesImageBuilderTest.RELEASE)
            .job(KubernetesImageBuilderTest.request("release-1"), 1200);

    assertThat(selecting(podLabels(job)))
        .containsExactly("default-deny", "runs-egress", "release-builds-registry");
  }

  @Test
  void theyApplyInTheNamespaceTheRunnerCreatesJobsIn() throws IOException {
    assertThat(policies())
        .extracting(policy -> policy.getMetadata().getNamespace())
        .containsOnly("slipway-runs");
  }

  private static Map<String, String> podLabels(Job job) {
    return job.getSpec().getTemplate().getMetadata().getLabels();
  }

  /** The names of the policies that select a Pod with {@code labels}. */
  private static List<String> selecting(Map<String, String> labels) throws IOException {
    return policies().stream()
        .filter(policy -> matches(policy.getSpec().getPodSelector(), labels))
        .map(policy -> policy.getMetadata().getName())
        .toList();
  }

  private static List<NetworkPolicy> policies() throws IOException {
    ObjectReader reader = new YAMLMapper().readerFor(NetworkPolicy.class);
    try (var documents = reader.<NetworkPolicy>readValues(Files.readString(POLICIES))) {
      return documents.readAll();
    }
  }

  /** Kubernetes' label selector semantics: every label and every expression must hold. */
  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> required = Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of());
    List<LabelSelectorRequirement> expressions =
        Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of());
    return required.entrySet().stream()
            .allMatch(label -> label.getValue().equals(labels.get(label.getKey())))
        && expressions.stream().allMatch(expression -> holds(expression, labels));
  }

  private static boolean holds(LabelSelectorRequirement expression, Map<String, String> labels) {
    String value = labels.get(expression.getKey());
    return switch (expression.getOperator()) {
      case "In" -> value != null && expression.getValues().contains(value);
      case "NotIn" -> value == null || !expression.getValues().contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default ->
          throw new IllegalArgumentException("no such operator: " + expression.getOperator());
    };
  }
}
