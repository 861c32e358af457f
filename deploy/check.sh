#!/usr/bin/env bash
# Checks deploy/ and ansible/ offline: YAML style, Kubernetes manifests, their
# configuration against the services' code, Grafana dashboards, the Ansible playbook's syntax, the haproxy
# configuration rendered from the role's template with sample values, and the log shipping: fluent-bit's
# parsers against real log lines, the fluent-bit role's configuration rendered.
#
#   deploy/check.sh          (from anywhere; exit status 0 when all pass)
#
# Needs yamllint, ansible-core, haproxy and python3 with PyYAML. Run as root,
# it installs the missing Debian packages itself.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
step() { printf '\n== %s\n' "$*"; }
pass() { passed=$((passed + 1)); printf 'PASS %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }

# --- tools -------------------------------------------------------------------
step "tools"
missing=()
command -v yamllint >/dev/null || missing+=(yamllint)
command -v ansible-playbook >/dev/null || missing+=(ansible-core)
command -v haproxy >/dev/null || missing+=(haproxy)
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "installing missing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "missing: ${missing[*]} (install them, or run this script as root on Debian)" >&2
    exit 2
  fi
fi
# The Python that has PyYAML: the first python3 on PATH, or Debian's (which
# ansible-core brings it to).
python=python3
"$python" -c 'import yaml' 2>/dev/null || python=/usr/bin/python3
"$python" -c 'import yaml' || { echo "python3 has no PyYAML" >&2; exit 2; }
# (Whole outputs into variables: a pipe into head would break ansible's.)
ansible_version="$(ansible-playbook --version)"
haproxy_version="$(haproxy -v)"
echo "$(yamllint --version), ${ansible_version%%$'\n'*}, ${haproxy_version%%$'\n'*}"

# --- YAML style ----------------------------------------------------------------
step "yamllint deploy/ ansible/"
if yamllint --strict -c deploy/.yamllint.yml deploy ansible; then
  pass "yamllint"
else
  fail "yamllint"
fi

# --- Kubernetes manifests ------------------------------------------------------
step "Kubernetes manifests (deploy/kubernetes)"
checks() { # name[, check option]: check_manifests.py on deploy/kubernetes
  if "$python" deploy/check_manifests.py ${2:+"$2"} deploy/kubernetes; then
    pass "$1"
  else
    fail "$1"
  fi
}
checks manifests

# --- Topology ------------------------------------------------------------------
step "topology: the control plane once, one deployer per datacenter folder"
checks topology --topology

# Each mistake below must make the topology check fail with its message: a
# check that passes everything would pass the real files too.
step "topology check refuses broken layouts"
refuses() { # description, expected message, command run in a copy of deploy/kubernetes[, check option]
  local copy="$work/k8s-$passed-$failed" option="${4---topology}"
  rm -rf "$copy" && cp -r deploy/kubernetes "$copy"
  if (cd "$copy" && eval "$3") && ! "$python" deploy/check_manifests.py ${option:+"$option"} "$copy" >"$work/refused" 2>&1 &&
    grep -qF -- "$2" "$work/refused"; then
    pass "refuses $1"
  else
    fail "does not refuse $1"
    cat "$work/refused"
  fi
}
refuses "a deployer in the control plane" "control plane: has a deployer" \
  "cp datacenter/40-deployer.yaml 44-deployer.yaml"
refuses "a Role that also lists and watches" "the deployer calls" \
  "sed -i 's/verbs: \\[\"get\", \"create\"/verbs: [\"get\", \"list\", \"watch\", \"create\"/' datacenter/10-rbac.yaml"
refuses "a datacenter configured for another one too" "not just dc2" \
  "sed -i 's/datacenters\.dc2\.nodes/datacenters.dc1.nodes/' datacenter/dc2/20-config.yaml"
refuses "a kubeconfig from outside the datacenter" "in-cluster ServiceAccount" \
  "sed -i 's|^\(    slipway.deployer.datacenters.dc1.kind=kubernetes\)$|\1\n    slipway.deployer.datacenters.dc1.kubeconfig=/etc/slipway/kubeconfig/dc1|' datacenter/dc1/20-config.yaml"
refuses "an etcd file no Secret holds" "has no such file" \
  "sed -i 's|/etc/slipway/etcd/client.key|/etc/slipway/etcd/dc1-client.key|' datacenter/dc1/20-config.yaml"
refuses "a datacenter the compiler does not know" "SLIPWAY_COMPILER_DATACENTERS" \
  "cp -r datacenter/dc2 datacenter/dc3 && sed -i 's/dc2/dc3/g' datacenter/dc3/*.yaml"

# The same for the runs' network policies (deploy/kubernetes/16-runs-network-policy.yaml).
step "manifest check refuses network policies that let runs in"
refuses "run egress to the cloud metadata address" "does not except 169.254.169.254/32" \
  "sed -i '/- 169.254.0.0\/16/d' 16-runs-network-policy.yaml" ""
refuses "run egress to a private range" "does not except 10.0.0.0/8" \
  "sed -i '/- 10.0.0.0\/8/d' 16-runs-network-policy.yaml" ""
refuses "no default deny of egress" "no default-deny NetworkPolicy" \
  "sed -i 's/policyTypes: \[\"Ingress\", \"Egress\"\]/policyTypes: [\"Ingress\"]/' 16-runs-network-policy.yaml" ""
refuses "egress to every Pod of a namespace" "name one namespace" \
  "sed -i '/k8s-app: kube-dns/d' 16-runs-network-policy.yaml" ""

# And for images: a tag moves, so every service image is pinned by digest in a kustomization.
step "manifest check refuses images not pinned by digest"
refuses "a service image by a moving tag" "is not pinned by digest (name it" \
  "sed -i 's|image: slipway/webhook-gateway$|image: slipway/webhook-gateway:latest|' 40-webhook-gateway.yaml" ""
refuses "a service image without its digest" "is not pinned by digest in" \
  "sed -i '/name: slipway\/deployer/,+2{/digest:/d}' datacenter/kustomization.yaml" ""
refuses "a manifest no kustomization lists" "no kustomization.yaml lists 41-task-compiler.yaml" \
  "sed -i '/- 41-task-compiler.yaml/d' kustomization.yaml" ""

# --- Configuration against the code --------------------------------------------
# Each mistake below went unnoticed before: a variable nothing reads is silently ignored.
step "configuration: every variable and setting is a property its service reads, the KafkaTopics are Topics'"
checks configuration --config

step "configuration check refuses what the services would ignore"
refuses "a variable of a property the service does not have" \
  "SLIPWAY_RELEASE_REPLICATION_FACTOR (env) is no property release-coordinator reads" \
  "sed -i 's/SLIPWAY_RELEASE_INTERNAL_REPLICATION_FACTOR/SLIPWAY_RELEASE_REPLICATION_FACTOR/' 42-release-coordinator.yaml" --config
refuses "another service's variable" "SLIPWAY_RUNNER_ROOT_DIR (env) is no property task-compiler reads" \
  "sed -i 's/name: SLIPWAY_GIT_WORK_DIR/name: SLIPWAY_RUNNER_ROOT_DIR/' 41-task-compiler.yaml" --config
refuses "a @ConfigMapping member outside its group" "SLIPWAY_RUNNER_NAMESPACE (env) is no property build-runner reads" \
  "sed -i 's/name: SLIPWAY_RUNNER_KUBERNETES_NAMESPACE/name: SLIPWAY_RUNNER_NAMESPACE/' 43-build-runner.yaml" --config
refuses "a @ConfigMapping member by its method name instead of its @WithName" \
  "SLIPWAY_KAFKA_PARTITIONS (envFrom ConfigMap slipway-shared" \
  "sed -i 's/^  SLIPWAY_KAFKA_TOPICS_PARTITIONS:/  SLIPWAY_KAFKA_PARTITIONS:/' 20-config.yaml" --config
refuses "a Kafka Streams variable application.properties does not declare" \
  "KAFKA_STREAMS_NUM_STREAM_THREADS (envFrom ConfigMap slipway-shared" \
  "sed -i 's/^  QUARKUS_HTTP_PORT:/  KAFKA_STREAMS_NUM_STREAM_THREADS: \"2\"\n&/' 20-config.yaml" --config
refuses "a -D option in JAVA_TOOL_OPTIONS that nothing reads" "sets -Dkafka-streams.state.dir, which is no property deployer reads" \
  "sed -i 's/ExitOnOutOfMemoryError\"/ExitOnOutOfMemoryError -Dkafka-streams.state.dir=\/tmp\"/' datacenter/40-deployer.yaml" --config
refuses "a deployer setting that is no property" "slipway.deployer.datacenters.dc1.etcd-tls.certificate in deployer.properties" \
  "sed -i 's/etcd-tls.cert=/etcd-tls.certificate=/' datacenter/dc1/20-config.yaml" --config
refuses "an envFrom ConfigMap no manifest holds" "envFrom ConfigMap slipway-sharde, which no manifest holds" \
  "sed -i 's/name: slipway-shared/name: slipway-sharde/' 45-status-reporter.yaml" --config
refuses "a topic without the record size the code requires" \
  "KafkaTopic/slipway-webhook (slipway.webhook): max.message.bytes is not set, the code creates the topic with 33554432" \
  "sed -i '/max.message.bytes: 33554432/d' kafka/10-topics.yaml" --config
refuses "a topic the code does not have" "slipway.deployments is no topic of" \
  "sed -i 's/topicName: slipway.deployed/topicName: slipway.deployments/' kafka/10-topics.yaml" --config
refuses "a topic with other partitions than the services create" \
  "partitions is 3, but ConfigMap slipway-shared has SLIPWAY_KAFKA_TOPICS_PARTITIONS=6" \
  "sed -i '0,/partitions: 6/s//partitions: 3/' kafka/10-topics.yaml" --config

# --- Grafana dashboards --------------------------------------------------------
step "Grafana dashboards (deploy/grafana)"
for dashboard in deploy/grafana/*.json; do
  if "$python" -m json.tool "$dashboard" >/dev/null &&
    "$python" - "$dashboard" <<'PY'; then
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
missing = [k for k in ("title", "uid", "schemaVersion", "panels") if k not in d]
ids = [p["id"] for p in d.get("panels", [])]
assert not missing, f"missing {missing}"
assert len(ids) == len(set(ids)), "panel ids repeat"
variables = {v.get("name"): v for v in d.get("templating", {}).get("list", [])}
assert variables.get("datasource", {}).get("type") == "datasource", "no datasource variable"
PY
    pass "$dashboard"
  else
    fail "$dashboard"
  fi
done

# --- Ansible -------------------------------------------------------------------
export ANSIBLE_CONFIG="$repo/ansible/ansible.cfg"
export ANSIBLE_LOCAL_TEMP="$work/ansible-tmp"
export ANSIBLE_NOCOLOR=1

step "ansible-playbook --syntax-check"
if ansible-playbook --syntax-check -i ansible/inventories/example/hosts.yml ansible/site.yml &&
  ansible-playbook --syntax-check -i localhost, ansible/tests/haproxy-render.yml &&
  ansible-playbook --syntax-check -i localhost, ansible/tests/fluent-bit-render.yml; then
  pass "syntax"
else
  fail "syntax"
fi

step "example inventory: one group per datacenter"
if ansible-inventory -i ansible/inventories/example/hosts.yml --graph >"$work/graph" &&
  grep -q '@dc1:' "$work/graph" && grep -q '@dc2:' "$work/graph"; then
  pass "inventory"
else
  fail "inventory"
fi

# --- haproxy -------------------------------------------------------------------
step "haproxy: template and etcd sync rendered with sample values, then haproxy -c"
mkdir -p "$work/haproxy"
if ansible-playbook -c local -i localhost, ansible/tests/haproxy-render.yml \
  -e out_dir="$work/haproxy" >"$work/render.log" 2>&1; then
  # A sample server has a name that does not resolve: haproxy warns, as it should.
  if haproxy -c -f "$work/haproxy/haproxy.cfg" -f "$work/haproxy/slipway-services.cfg"; then
    pass "haproxy -c"
  else
    fail "haproxy -c"
  fi
  services="$work/haproxy/slipway-services.cfg"
  if grep -q 'use_backend service_shop if' "$services" &&
    grep -q 'server 10.0.2.22 10.0.2.22:30080 check' "$services" &&
    ! grep -qi -e injected -e 30090 -e broken -e noport -e bad_name -e toplevel "$services"; then
    pass "sync keeps good entries and refuses the bad ones"
  else
    fail "sync output"
    cat "$services"
  fi
else
  cat "$work/render.log"
  fail "render"
fi

# --- Log shipping --------------------------------------------------------------
step "fluent-bit parsers and filters against the services' JSON lines and haproxy's (deploy/logging)"
if "$python" deploy/logging/test_parsers.py; then
  pass "fluent-bit parsers"
else
  fail "fluent-bit parsers"
fi

step "fluent-bit role: configuration rendered with its defaults and with a forward output over TLS"
mkdir -p "$work/fluent-bit"
if ansible-playbook -c local -i localhost, ansible/tests/fluent-bit-render.yml \
  -e out_dir="$work/fluent-bit" >"$work/fluent-bit-render.log" 2>&1; then
  rendered="$work/fluent-bit"
  if cmp -s "$rendered/slipway-parsers.conf" deploy/logging/fluent-bit/parsers.conf &&
    cmp -s "$rendered/slipway-filters.conf" deploy/logging/fluent-bit/filters.conf &&
    grep -qx "    Parsers_File  $rendered/slipway-parsers.conf" "$rendered/default.conf" &&
    grep -qx "@INCLUDE $rendered/slipway-filters.conf" "$rendered/default.conf" &&
    grep -qx '    Name   stdout' "$rendered/default.conf" &&
    grep -qx '    Parser        slipway-syslog-rfc5424' "$rendered/default.conf" &&
    grep -qx '    Tag               container.\*' "$rendered/default.conf" &&
    grep -qx '    Record datacenter dc1' "$rendered/default.conf" &&
    grep -qx '    Host   logs.example.com' "$rendered/forward.conf" &&
    grep -qx '    tls        On' "$rendered/forward.conf" &&
    ! grep -q '^    tls' "$rendered/default.conf"; then
    pass "fluent-bit role renders"
  else
    fail "fluent-bit role output"
    cat "$rendered/default.conf" "$rendered/forward.conf"
  fi
else
  cat "$work/fluent-bit-render.log"
  fail "fluent-bit render"
fi

printf '\n%d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
