#!/usr/bin/env python3
"""Offline checks of deploy/kubernetes (kubeconform is not available here).

Every YAML document must parse and have apiVersion, kind and metadata.name.
Beyond that, the rules this project promises for its own workloads:
probes on /q/health/*, memory requests and limits, non-root, no privilege
escalation, a read-only root filesystem, Prometheus scrape annotations, and a
Service whose selector finds the workload. Secrets are allowed only in files
named *.example.yaml, with placeholder values. The NetworkPolicies of the
runs' namespace keep runs in (runs_network_problems below).

With --topology, the layout instead (topology_problems below): the control plane once,
and one deployer per datacenter folder, configured for that datacenter alone.

Usage: check_manifests.py [--topology] DIR   (exit status 1 when anything is wrong)
"""

import ipaddress
import pathlib
import sys

import yaml

PLACEHOLDER = "CHANGE-ME"

RUNS_NAMESPACE = "slipway-runs"
# What a run must not reach: the cluster's and the nodes' private ranges, and the
# cloud metadata address (a node's cloud credentials).
METADATA_ADDRESS = ipaddress.ip_network("169.254.169.254/32")
PRIVATE_RANGES = [ipaddress.ip_network(r) for r in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")]


def workload_problems(doc):
    problems = []
    template = doc["spec"]["template"]
    annotations = template["metadata"].get("annotations", {})
    if annotations.get("prometheus.io/scrape") != "true" or annotations.get("prometheus.io/path") != "/q/metrics":
        problems.append("no Prometheus scrape annotations for /q/metrics")
    pod = template["spec"]
    if not pod.get("securityContext", {}).get("runAsNonRoot"):
        problems.append("pod securityContext lacks runAsNonRoot: true")
    for container in pod["containers"]:
        name = container["name"]
        for probe, path in (("livenessProbe", "/q/health/live"), ("readinessProbe", "/q/health/ready")):
            if container.get(probe, {}).get("httpGet", {}).get("path") != path:
                problems.append(f"container {name}: {probe} is not on {path}")
        resources = container.get("resources", {})
        if "memory" not in resources.get("requests", {}) or "memory" not in resources.get("limits", {}):
            problems.append(f"container {name}: memory request or limit missing")
        security = container.get("securityContext", {})
        if security.get("allowPrivilegeEscalation") is not False:
            problems.append(f"container {name}: allowPrivilegeEscalation is not false")
        if security.get("readOnlyRootFilesystem") is not True:
            problems.append(f"container {name}: root filesystem is writable")
    return problems


def runs_network_problems(policies):
    """The runs' namespace: a default deny both ways, nothing let in, and egress only to the
    outside (every ipBlock excepts the private ranges and the metadata address) or to named Pods
    of a named namespace on named ports."""
    problems = []
    if not any(p["spec"].get("podSelector") == {} and {"Ingress", "Egress"} <= set(p["spec"].get("policyTypes", []))
               and not p["spec"].get("ingress") and not p["spec"].get("egress") for p in policies):
        problems.append(f"{RUNS_NAMESPACE}: no default-deny NetworkPolicy (podSelector {{}}, Ingress and Egress, no rules)")
    for policy in policies:
        name = f"{RUNS_NAMESPACE}: NetworkPolicy/{policy['metadata']['name']}"
        if policy["spec"].get("ingress"):
            problems.append(f"{name}: lets traffic in; nothing connects to a run")
        for rule in policy["spec"].get("egress", []):
            if not rule.get("to"):
                problems.append(f"{name}: an egress rule without 'to' reaches everything")
            for peer in rule.get("to", []):
                problems += [f"{name}: {p}" for p in egress_peer_problems(peer, rule)]
    return problems


def egress_peer_problems(peer, rule):
    if "ipBlock" in peer:
        block = peer["ipBlock"]
        cidr = ipaddress.ip_network(block["cidr"])
        if cidr.version != 4:
            return [f"egress to {cidr}: only IPv4 blocks are checked, so none other may be open"]
        excepted = [ipaddress.ip_network(e) for e in block.get("except", [])]
        closed = [(METADATA_ADDRESS, "the cloud metadata address")] + [(r, "a private range") for r in PRIVATE_RANGES]
        return [f"egress to {cidr} does not except {network} ({what})" for network, what in closed
                if network.overlaps(cidr) and not any(network.subnet_of(e) for e in excepted)]
    namespaces = peer.get("namespaceSelector", {}).get("matchLabels", {})
    pods = peer.get("podSelector", {})
    if "kubernetes.io/metadata.name" not in namespaces or not (pods.get("matchLabels") or pods.get("matchExpressions")):
        return [f"egress to {peer}: name one namespace (kubernetes.io/metadata.name) and select its Pods"]
    if not rule.get("ports"):
        return [f"egress to {peer}: name the ports"]
    return []


def main(root):
    problems, workloads, services, runs_policies, count = [], {}, [], [], 0
    for path in sorted(pathlib.Path(root).rglob("*.yaml")):
        try:
            docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]
        except yaml.YAMLError as e:
            problems.append(f"{path}: does not parse: {e}")
            continue
        for doc in docs:
            count += 1
            where = f"{path}: {doc.get('kind', '?')}/{doc.get('metadata', {}).get('name', '?')}" \
                if isinstance(doc, dict) else str(path)
            if not isinstance(doc, dict) or not doc.get("apiVersion") or not doc.get("kind") \
                    or not isinstance(doc.get("metadata"), dict) or not doc["metadata"].get("name"):
                problems.append(f"{where}: needs apiVersion, kind and metadata.name")
                continue
            kind = doc["kind"]
            if kind == "Secret":
                values = list(doc.get("stringData", {}).values()) + list(doc.get("data", {}).values())
                if not path.name.endswith(".example.yaml"):
                    problems.append(f"{where}: Secrets belong in *.example.yaml only")
                elif not all(PLACEHOLDER in str(v) for v in values):
                    problems.append(f"{where}: every example value must contain {PLACEHOLDER}")
            if kind in ("Deployment", "StatefulSet"):
                labels = doc["spec"]["template"]["metadata"].get("labels", {})
                workloads[doc["metadata"]["name"]] = labels
                problems += [f"{where}: {p}" for p in workload_problems(doc)]
            if kind == "Service":
                services.append((where, doc["spec"].get("selector", {})))
            if kind == "NetworkPolicy" and doc["metadata"].get("namespace") == RUNS_NAMESPACE:
                runs_policies.append(doc)
    for where, selector in services:
        if not any(selector.items() <= labels.items() for labels in workloads.values()):
            problems.append(f"{where}: selector {selector} matches no workload")
    problems += runs_network_problems(runs_policies)
    for problem in problems:
        print(f"  FAIL {problem}")
    print(f"  {count} documents, {len(workloads)} workloads, {len(services)} services, "
          f"{len(runs_policies)} {RUNS_NAMESPACE} network policies checked")
    return 1 if problems else 0


# --- topology -------------------------------------------------------------------
# The control plane (DIR/*.yaml, DIR/kafka/) is applied once; DIR/datacenter/*.yaml
# is the same in every datacenter, and DIR/datacenter/<dc>/ holds what is only
# that datacenter's: its deployer settings and its credentials.

CONTROL_PLANE = {"webhook-gateway", "task-compiler", "release-coordinator", "build-runner", "status-reporter"}
DEPLOYER = "deployer"
DATACENTER_PREFIX = "slipway.deployer.datacenters."
# What dev.slipway.deployer.k8s.KubernetesCluster calls through fabric8, and no more.
DEPLOYER_RULES = {
    ("apps", "deployments"): {"get", "create", "update", "patch", "delete"},
    ("", "services"): {"get", "create", "update", "delete"},
}
REQUIRED_SETTINGS = ("namespace", "nodes", "etcd-endpoints", "etcd-tls.ca", "etcd-tls.cert", "etcd-tls.key", "public-url")


def load(paths):
    """(path, document) for every document of the files; parse errors are the generic check's."""
    found = []
    for path in paths:
        try:
            docs = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        except yaml.YAMLError:
            continue
        found += [(path, doc) for doc in docs if isinstance(doc, dict) and isinstance(doc.get("metadata"), dict)]
    return found


def named(docs, kind, name=None):
    return [d for _, d in docs if d.get("kind") == kind and (name is None or d["metadata"].get("name") == name)]


def app_name(doc):
    return doc["metadata"].get("labels", {}).get("app.kubernetes.io/name")


def properties(text):
    """key=value lines of a Java properties file (no continuation lines)."""
    result = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "!")):
            key, _, value = line.partition("=")
            result[key.strip()] = value.strip()
    return result


def control_plane_problems(docs):
    problems = []
    workloads = [app_name(d) for _, d in docs if d["kind"] in ("Deployment", "StatefulSet")]
    for service in sorted(CONTROL_PLANE):
        if workloads.count(service) != 1:
            problems.append(f"control plane: {service} must be there exactly once, found {workloads.count(service)}")
    if DEPLOYER in workloads:
        problems.append("control plane: has a deployer; deployers belong in datacenter/")
    for path, doc in docs:
        if DATACENTER_PREFIX in yaml.safe_dump(doc):
            problems.append(f"{path}: {doc['kind']}/{doc['metadata']['name']}: datacenter settings in the control plane")
        if doc["metadata"].get("namespace") in ("slipway-deployer", "slipway-apps"):
            problems.append(f"{path}: {doc['kind']}/{doc['metadata']['name']}: a datacenter's namespace in the control plane")
    return problems


def rbac_problems(shared):
    problems = []
    roles = named(shared, "Role")
    if len(roles) != 1:
        return [f"datacenter/: one Role for the deployer expected, found {len(roles)}"]
    role = roles[0]
    granted = {}
    for rule in role.get("rules", []):
        for group in rule.get("apiGroups", []):
            for resource in rule.get("resources", []):
                granted.setdefault((group, resource), set()).update(rule.get("verbs", []))
    if granted != DEPLOYER_RULES:
        problems.append(f"datacenter/: Role {role['metadata']['name']} grants {sorted((k, sorted(v)) for k, v in granted.items())}, "
                        f"the deployer calls {sorted((k, sorted(v)) for k, v in DEPLOYER_RULES.items())}")
    deployments = [d for d in named(shared, "Deployment") if app_name(d) == DEPLOYER]
    account = deployments[0]["spec"]["template"]["spec"].get("serviceAccountName") if deployments else None
    namespace = deployments[0]["metadata"].get("namespace") if deployments else None
    accounts = named(shared, "ServiceAccount", account)
    if not accounts or accounts[0].get("automountServiceAccountToken") is not True:
        problems.append(f"datacenter/: the deployer's ServiceAccount {account} must exist and mount its token")
    bindings = [b for b in named(shared, "RoleBinding")
                if b["roleRef"].get("kind") == "Role" and b["roleRef"].get("name") == role["metadata"]["name"]
                and b["metadata"].get("namespace") == role["metadata"].get("namespace")
                and {"kind": "ServiceAccount", "name": account, "namespace": namespace} in b.get("subjects", [])]
    if not bindings:
        problems.append(f"datacenter/: no RoleBinding gives Role {role['metadata']['name']} to ServiceAccount {namespace}/{account}")
    return problems


def datacenter_problems(dc, docs, deployment, role_namespace):
    """One datacenter's folder against the shared deployer Deployment."""
    problems = []
    where = f"datacenter/{dc}"
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    namespace = deployment["metadata"]["namespace"]
    for _, doc in docs:
        if doc["metadata"].get("namespace") != namespace:
            problems.append(f"{where}: {doc['kind']}/{doc['metadata']['name']} is not in {namespace}")
    # Everything the Deployment refers to must be in the folder, with the keys it names.
    sources = {}
    for kind in ("ConfigMap", "Secret"):
        for doc in named(docs, kind):
            sources[(kind, doc["metadata"]["name"])] = set(doc.get("data", {})) | set(doc.get("stringData", {}))
    wanted = []
    for env in container.get("env", []):
        ref = env.get("valueFrom", {})
        if "configMapKeyRef" in ref:
            wanted.append(("ConfigMap", ref["configMapKeyRef"]["name"], ref["configMapKeyRef"]["key"]))
        if "secretKeyRef" in ref:
            wanted.append(("Secret", ref["secretKeyRef"]["name"], ref["secretKeyRef"]["key"]))
    mounted = {}
    mounts = {m["name"]: m["mountPath"] for m in container.get("volumeMounts", [])}
    for volume in pod.get("volumes", []):
        for kind, field, name_field in (("ConfigMap", "configMap", "name"), ("Secret", "secret", "secretName")):
            if field in volume:
                source = volume[field]
                items = source.get("items")
                keys = {i["key"]: i["path"] for i in items} if items else None
                for key in (keys or {}):
                    wanted.append((kind, source[name_field], key))
                mounted[mounts[volume["name"]]] = (kind, source[name_field], keys)
    for kind, name, key in wanted:
        if (kind, name) not in sources:
            problems.append(f"{where}: {kind} {name}, which the deployer uses, is missing")
        elif key not in sources[(kind, name)]:
            problems.append(f"{where}: {kind} {name} lacks the key {key}")
    # The settings: this datacenter alone, in-cluster credentials, every file mounted.
    config_path = container_env(container, "QUARKUS_CONFIG_LOCATIONS")
    config_dir, _, config_file = (config_path or "").rpartition("/")
    kind, name, _ = mounted.get(config_dir, (None, None, None))
    config = named(docs, "ConfigMap", name) if kind == "ConfigMap" else []
    if not config or config_file not in config[0].get("data", {}):
        return problems + [f"{where}: no {config_file or 'properties file'} in the ConfigMap mounted at {config_dir or '?'}"]
    settings = properties(config[0]["data"][config_file])
    named_dcs = {k[len(DATACENTER_PREFIX):].split(".", 1)[0] for k in settings if k.startswith(DATACENTER_PREFIX)}
    if named_dcs != {dc}:
        problems.append(f"{where}: the settings name the datacenters {sorted(named_dcs)}, not just {dc}")
    mine = {k[len(DATACENTER_PREFIX) + len(dc) + 1:]: v for k, v in settings.items() if k.startswith(f"{DATACENTER_PREFIX}{dc}.")}
    for key in REQUIRED_SETTINGS:
        if not mine.get(key):
            problems.append(f"{where}: {DATACENTER_PREFIX}{dc}.{key} is not set")
    if mine.get("kind", "kubernetes") != "kubernetes":
        problems.append(f"{where}: kind is {mine['kind']}, not kubernetes")
    if "kubeconfig" in mine:
        problems.append(f"{where}: a kubeconfig; the deployer uses its in-cluster ServiceAccount")
    if mine.get("namespace") and mine["namespace"] != role_namespace:
        problems.append(f"{where}: deploys to {mine['namespace']}, but its Role is in {role_namespace}")
    endpoints = [e for e in mine.get("etcd-endpoints", "").split(",") if e]
    if any(not e.startswith("https://") for e in endpoints):
        problems.append(f"{where}: etcd endpoints without TLS: {endpoints}")
    for key, value in settings.items():
        if value.startswith("/"):
            folder, _, file = value.rpartition("/")
            if folder not in mounted:
                problems.append(f"{where}: {key}={value} is not in a mounted volume")
                continue
            kind, name, keys = mounted[folder]
            available = set(keys.values()) if keys is not None else sources.get((kind, name), set())
            if file not in available:
                problems.append(f"{where}: {key}={value}: {kind} {name} has no such file")
        for variable in (part.split("}", 1)[0] for part in value.split("${")[1:]):
            if container_env(container, variable) is None:
                problems.append(f"{where}: {key} reads ${{{variable}}}, which the deployer's environment lacks")
    return problems


def container_env(container, name):
    for env in container.get("env", []):
        if env["name"] == name:
            return env.get("value", "")
    return None


def topology_problems(root):
    root = pathlib.Path(root)
    control = load(sorted(root.glob("*.yaml")) + sorted(root.glob("kafka/*.yaml")))
    shared = load(sorted((root / "datacenter").glob("*.yaml")))
    folders = sorted(p for p in (root / "datacenter").iterdir() if p.is_dir()) if (root / "datacenter").is_dir() else []
    problems = control_plane_problems(control)
    for _, doc in control + shared + [d for f in folders for d in load(sorted(f.glob("*.yaml")))]:
        if doc["kind"] in ("ClusterRole", "ClusterRoleBinding"):
            problems.append(f"{doc['kind']}/{doc['metadata']['name']}: nothing in Slipway is cluster-wide")
    deployments = [d for d in named(shared, "Deployment") if app_name(d) == DEPLOYER]
    others = [app_name(d) for _, d in shared if d["kind"] in ("Deployment", "StatefulSet") and app_name(d) != DEPLOYER]
    if len(deployments) != 1 or others:
        return problems + [f"datacenter/: exactly the deployer expected, found {len(deployments)} deployer(s) and {others}"], len(folders)
    for kind in ("ConfigMap", "Secret"):
        for doc in named(shared, kind):
            problems.append(f"datacenter/: {kind}/{doc['metadata']['name']} differs per datacenter: put it in datacenter/<dc>/")
    problems += rbac_problems(shared)
    roles = named(shared, "Role")
    role_namespace = roles[0]["metadata"].get("namespace") if roles else None
    if not folders:
        problems.append("datacenter/: no datacenter folder")
    for folder in folders:
        problems += datacenter_problems(folder.name, load(sorted(folder.glob("*.yaml"))), deployments[0], role_namespace)
    # Releases may name exactly the datacenters that have a deployer.
    compilers = [d for _, d in control if d["kind"] == "Deployment" and app_name(d) == "task-compiler"]
    listed = container_env(compilers[0]["spec"]["template"]["spec"]["containers"][0], "SLIPWAY_COMPILER_DATACENTERS") if compilers else None
    if listed is None or set(listed.split(",")) != {f.name for f in folders}:
        problems.append(f"task-compiler: SLIPWAY_COMPILER_DATACENTERS is {listed!r}, the datacenter folders are {[f.name for f in folders]}")
    users = {d["metadata"]["name"] for d in named(control, "KafkaUser")}
    if users and users != {f"deployer-{f.name}" for f in folders}:
        problems.append(f"kafka/: KafkaUsers {sorted(users)} do not match the datacenter folders")
    return problems, len(folders)


def topology_main(root):
    problems, datacenters = topology_problems(root)
    for problem in problems:
        print(f"  FAIL {problem}")
    print(f"  control plane once, {datacenters} datacenter(s) checked")
    return 1 if problems else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--topology"]:
        sys.exit(topology_main(args[1] if len(args) > 1 else "kubernetes"))
    sys.exit(main(args[0] if args else "kubernetes"))
