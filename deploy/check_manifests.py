#!/usr/bin/env python3
"""Offline checks of deploy/kubernetes (kubeconform is not available here).

Every YAML document must parse and have apiVersion, kind and metadata.name.
Beyond that, the rules this project promises for its own workloads:
probes on /q/health/*, memory requests and limits, non-root, no privilege
escalation, a read-only root filesystem, Prometheus scrape annotations, and a
Service whose selector finds the workload. Secrets are allowed only in files
named *.example.yaml, with placeholder values. Every container image is pinned
by digest: a service's manifest names its image `slipway/<service>` and the
kustomization.yaml that lists the file pins it (image_problems below). The NetworkPolicies of the
runs' namespace keep runs in (runs_network_problems below).

With --topology, the layout instead (topology_problems below): the control plane once,
and one deployer per datacenter folder, configured for that datacenter alone.

With --config, the configuration against the code (configuration_problems below):
every environment variable and setting a container gets is a property its
service reads, and the KafkaTopics are the topics of events' Topics.

Usage: check_manifests.py [--topology | --config] DIR   (exit status 1 when anything is wrong)
"""

import ipaddress
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

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


SERVICE_IMAGE = re.compile(r"slipway/[a-z-]+")
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "Job")


def image_problems(root):
    """A tag moves, so every image is pinned by digest: inline (`…@sha256:…`), or for a Slipway
    service by the `images:` entry (newName and digest) of the kustomization.yaml that lists its
    manifest, which `./slipway images` rewrites."""
    root, problems, pins = pathlib.Path(root), [], {}
    for kustomization in sorted(root.rglob("kustomization.yaml")):
        spec = yaml.safe_load(kustomization.read_text(encoding="utf-8")) or {}
        images = {entry.get("name"): entry for entry in spec.get("images") or []}
        for resource in spec.get("resources") or []:
            pins[(kustomization.parent / resource).resolve()] = (kustomization, images)
    for path in sorted(root.rglob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        try:
            docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if isinstance(d, dict)]
        except yaml.YAMLError:
            continue
        for doc in docs:
            if doc.get("kind") not in WORKLOAD_KINDS:
                continue
            pod = doc["spec"]["template"]["spec"]
            for container in pod.get("initContainers", []) + pod.get("containers", []):
                image, where = container.get("image", ""), f"{path}: container {container.get('name')}"
                if SERVICE_IMAGE.fullmatch(image):
                    kustomization, images = pins.get(path.resolve(), (None, {}))
                    entry = images.get(image, {})
                    if kustomization is None:
                        problems.append(f"{where}: image {image} is not pinned by digest: no kustomization.yaml lists {path.name}")
                    elif not entry.get("newName") or not DIGEST.fullmatch(str(entry.get("digest", ""))):
                        problems.append(f"{where}: image {image} is not pinned by digest in {kustomization} "
                                        f"(an images entry with newName and digest sha256:…; ./slipway images writes it)")
                elif not re.search(r"@sha256:[0-9a-f]{64}$", image):
                    problems.append(f"{where}: image {image} is not pinned by digest (name it slipway/<service>, or …@sha256:…)")
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
        if path.name == "kustomization.yaml":
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
    problems += image_problems(root)
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


def report(problems, summary):
    for problem in problems:
        print(f"  FAIL {problem}")
    print(f"  {summary}")
    return 1 if problems else 0


def topology_main(root):
    problems, datacenters = topology_problems(root)
    return report(problems, f"control plane once, {datacenters} datacenter(s) checked")


# --- configuration --------------------------------------------------------------
# What a container is given must be something its service reads, or it is silently ignored.
# SmallRye Config finds the variable of a property by upper-casing its name and turning
# every character other than a letter or a digit into "_" (slipway.runner.task.memory
# and slipway.runner.task-memory are both SLIPWAY_RUNNER_TASK_MEMORY), so names are
# compared in that form. What a service reads is found in its module and the Slipway
# modules it depends on: the keys and ${...} expressions of application.properties,
# @ConfigProperty names and the members of @ConfigMapping interfaces.

REPOSITORY = pathlib.Path(__file__).resolve().parent.parent
SLIPWAY_GROUP = "dev.slipway"
POM = "{http://maven.apache.org/POM/4.0.0}"
# Variables that stand for no property, and who reads them instead. Anything else that is not
# a property of the service is refused, including KAFKA_STREAMS_* (PASSTHROUGH below).
NOT_PROPERTIES = {
    # Read by the JVM itself, whatever the base image; its -D options are checked as properties.
    "JAVA_TOOL_OPTIONS",
    # Read by SmallRye Config before any property: more properties files (the deployer's).
    "QUARKUS_CONFIG_LOCATIONS",
    # git and JGit look their user configuration up under it (the task-compiler's clones).
    "HOME",
}
# System properties of the JVM and its class library, which -D options in JAVA_TOOL_OPTIONS may set.
JVM_PROPERTY_PREFIXES = ("java.", "jdk.", "sun.", "user.", "file.")
# Quarkus extensions that hand every property whose name has a prefix to the library they wrap.
# They look for the prefix in the names SmallRye Config lists: a -D option's name is listed as
# it is, but a variable whose property no source declares is listed with dots for its "_"
# (KAFKA_STREAMS_NUM_STREAM_THREADS as kafka.streams.num.stream.threads), so it reaches Kafka
# Streams only when application.properties declares the property, and is checked as such.
PASSTHROUGH = {"quarkus-kafka-streams": ("kafka-streams.", "quarkus.kafka-streams.")}
EVENTS_TOPICS = "events/src/main/java/dev/slipway/events/Topics.java"
# The settings services create missing topics with (KafkaSettings), which the KafkaTopics must match.
SHARED_CONFIG = "slipway-shared"
TOPIC_PARTITIONS = "SLIPWAY_KAFKA_TOPICS_PARTITIONS"
TOPIC_REPLICAS = "SLIPWAY_KAFKA_TOPICS_REPLICATION_FACTOR"


def variable_form(name):
    return re.sub(r"[^A-Za-z0-9]", "_", name).upper()


def property_pattern(name):
    """A property name as a regular expression over variable names; a '*' stands for a map's key."""
    return ".+".join(re.escape(variable_form(piece)) for piece in name.split("*"))


def expression_names(value):
    """The properties a value's ${name} and ${name:default} expressions read, nested ones too."""
    return re.findall(r"\$\{([^:${}]+)", value)


def passthrough_prefixes(module):
    """The prefixes the Quarkus extensions of a service and its Slipway modules pass on whole."""
    prefixes = ()
    for source in module_sources(module):
        for dependency in ET.parse(REPOSITORY / source / "pom.xml").getroot().iter(f"{POM}dependency"):
            if dependency.findtext(f"{POM}scope") != "test":
                prefixes += PASSTHROUGH.get(dependency.findtext(f"{POM}artifactId"), ())
    return prefixes


def module_sources(module, seen=None):
    """The module and the Slipway modules it depends on, test dependencies left out."""
    seen = seen if seen is not None else []
    if module in seen or not (REPOSITORY / module / "pom.xml").is_file():
        return seen
    seen.append(module)
    for dependency in ET.parse(REPOSITORY / module / "pom.xml").getroot().iter(f"{POM}dependency"):
        if dependency.findtext(f"{POM}groupId") == SLIPWAY_GROUP and dependency.findtext(f"{POM}scope") != "test":
            module_sources(dependency.findtext(f"{POM}artifactId"), seen)
    return seen


def without_comments(java):
    """Java source without its comments; string literals stay whole (a URL's // is no comment)."""
    return re.sub(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/',
                  lambda m: m.group(0) if m.group(0).startswith('"') else " ", java, flags=re.S)


def braces(text):
    """Each character of Java text with the brace depth it changes: 0 inside string literals."""
    quoted = False
    for i, c in enumerate(text):
        if c == '"' and text[i - 1] != "\\":
            quoted = not quoted
        yield c, 0 if quoted else {"{": 1, "}": -1}.get(c, 0)


def block(text, start):
    """The text between the brace at or after start and its matching brace."""
    opening = text.index("{", start)
    depth = 0
    for i, (_, change) in enumerate(braces(text[opening:])):
        depth += change
        if depth == 0:
            return text[opening + 1:opening + i]
    raise ValueError("unbalanced braces")


def top_level(body):
    """The declarations directly in a body, without the blocks nested in it."""
    flat, depth = [], 0
    for c, change in braces(body):
        depth += change
        if depth == 0 and change == 0:
            flat.append(c)
        elif depth == 1 and change == 1:
            flat.append(";")
    return [d.strip() for d in "".join(flat).split(";") if d.strip()]


def mapping_properties(java):
    """The property names of the @ConfigMapping interfaces of one source file."""
    java = without_comments(java)
    interfaces = {m.group(1): block(java, m.end()) for m in re.finditer(r"\binterface\s+(\w+)", java)}

    def members(interface, prefix, path):
        names = []
        for declaration in top_level(interfaces[interface]):
            method = re.search(r"([\w<>,.?\s]+?)\s+(\w+)\s*\(\s*\)$", declaration)
            if not method or re.search(r"\b(default|static)\b", re.sub(r"@\w+(\([^)]*\))?", "", declaration)):
                continue
            renamed = re.search(r'@WithName\(\s*"([^"]+)"\s*\)', declaration)
            kebab = re.sub(r"(?<!^)(?=[A-Z])", "-", method.group(2)).lower()
            name = prefix if "@WithParentName" in declaration else f"{prefix}.{renamed.group(1) if renamed else kebab}"
            kind = re.sub(r"@\w+(\([^)]*\))?|\s", "", method.group(1))
            kind = re.sub(r"^Optional<(.*)>$", r"\1", kind)
            keyed = re.fullmatch(r"Map<\w+,(.+)>", kind)
            if keyed:
                name, kind = f"{name}.*", keyed.group(1)
            group = kind.rsplit(".", 1)[-1]
            if group in interfaces and group not in path:
                names += members(group, name, path + [group])
            else:
                names.append(name)
        return names

    found = []
    for mapping in re.finditer(r'@ConfigMapping\(\s*prefix\s*=\s*"([^"]+)"[^)]*\)[^{]*?\binterface\s+(\w+)', java):
        found += members(mapping.group(2), mapping.group(1), [mapping.group(2)])
    return found


def read_properties(module):
    """The names of the properties a service module reads, '*' for a map's keys."""
    names = []
    for source in module_sources(module):
        resources = REPOSITORY / source / "src/main/resources/application.properties"
        if resources.is_file():
            for key, value in properties(resources.read_text(encoding="utf-8")).items():
                names += [re.sub(r"^%[\w,-]+\.", "", key)] + expression_names(value)
        for path in sorted((REPOSITORY / source / "src/main/java").rglob("*.java")):
            java = path.read_text(encoding="utf-8")
            names += re.findall(r'@ConfigProperty\(\s*name\s*=\s*"([^"]+)"', java)
            if "@ConfigMapping" in java:
                names += mapping_properties(java)
    return names


def reads(patterns, name):
    return any(re.fullmatch(pattern, variable_form(name)) for pattern in patterns)


def held_by(located, kind, name, namespace):
    """(path, document) of every manifest of that kind, name and namespace: the deployer's
    ConfigMap has one version per datacenter folder."""
    return [(path, d) for path, d in located if d["kind"] == kind and d["metadata"]["name"] == name
            and d["metadata"].get("namespace") == namespace]


def container_variables(container, located, namespace):
    """(variable, where it comes from, its value if written here) for every variable a container
    gets; the variable is None for a source no manifest holds."""
    variables = [(env["name"], "env", env.get("value")) for env in container.get("env", [])]
    for source in container.get("envFrom", []):
        for field, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
            if field in source:
                name = source[field]["name"]
                found = held_by(located, kind, name, namespace)
                if not found and not source[field].get("optional"):
                    variables.append((None, f"envFrom {kind} {name}, which no manifest holds", None))
                for path, document in found:
                    values = {**document.get("data", {}), **document.get("stringData", {})}
                    variables += [(source.get("prefix", "") + key, f"envFrom {kind} {name} of {path}", value)
                                  for key, value in values.items()]
    return variables


def config_location_files(container, pod, located, namespace):
    """(where, text) of the QUARKUS_CONFIG_LOCATIONS files that a container's ConfigMaps hold."""
    mounts = {m["name"]: m["mountPath"] for m in container.get("volumeMounts", [])}
    held = {}
    for volume in pod.get("volumes", []):
        if "configMap" in volume and volume["name"] in mounts:
            name = volume["configMap"]["name"]
            for path, document in held_by(located, "ConfigMap", name, namespace):
                for key, text in document.get("data", {}).items():
                    held.setdefault(f"{mounts[volume['name']]}/{key}", []).append((f"{key} of ConfigMap {name} in {path}", text))
    locations = container_env(container, "QUARKUS_CONFIG_LOCATIONS") or ""
    return [file for location in locations.split(",") for file in held.get(location, [])]


def container_problems(where, container, pod, located, namespace):
    """The variables and settings a container gets that its service does not read."""
    name = container["name"]
    where = f"{where}: container {name}"
    if not (REPOSITORY / name / "pom.xml").is_file():
        return [f"{where}: no service module {name}/ whose settings it could take"]
    files = config_location_files(container, pod, located, namespace)
    read = read_properties(name)
    read += [expression for _, text in files for value in properties(text).values() for expression in expression_names(value)]
    patterns = [property_pattern(property_name) for property_name in read]
    problems = [f"{where}: {key} in {file} is no property {name} reads"
                for file, text in files for key in properties(text) if not reads(patterns, key)]
    passed_on = JVM_PROPERTY_PREFIXES + passthrough_prefixes(name)
    for variable, origin, value in container_variables(container, located, namespace):
        if variable is None:
            problems.append(f"{where}: {origin}")
        elif variable not in NOT_PROPERTIES and not reads(patterns, variable):
            problems.append(f"{where}: {variable} ({origin}) is no property {name} reads: none of its "
                            f"application.properties, @ConfigProperty or @ConfigMapping names maps to it")
        elif variable == "JAVA_TOOL_OPTIONS":
            problems += [f"{where}: JAVA_TOOL_OPTIONS ({origin}) sets -D{option}, which is no property {name} reads"
                         for option in re.findall(r"-D([^=\s]+)", str(value or ""))
                         if not option.startswith(passed_on) and not reads(patterns, option)]
    return problems


def java_value(expression, constants):
    """The value of a constant expression of Topics.java: a string, a whole number, String.valueOf,
    Map.of, or a constant; anything else stops the check rather than be guessed."""
    expression = expression.strip()
    if re.fullmatch(r'"(?:\\.|[^"\\])*"', expression):
        return expression[1:-1]
    if expression in constants:
        return constants[expression]
    call = re.fullmatch(r"(String\.valueOf|Map\.of|List\.of)\((.*)\)", expression, flags=re.S)
    if call:
        args = [java_value(a, constants) for a in arguments(call.group(2))]
        if call.group(1) == "String.valueOf":
            return str(args[0])
        if call.group(1) == "List.of":
            return args
        return {str(k): str(v) for k, v in zip(args[::2], args[1::2])}
    if re.fullmatch(r"[\w\s*+()]+", expression):
        arithmetic = re.sub(r"[A-Za-z_]\w*", lambda m: str(java_value(m.group(0), constants)), expression)
        if re.fullmatch(r"[\d\s*+()]+", arithmetic):
            return eval(arithmetic, {"__builtins__": {}})  # digits, spaces, *, + and parentheses only
    raise ValueError(f"cannot read the expression {expression!r}")


def arguments(text):
    """The top-level, comma-separated arguments of a call."""
    found, depth, current, quoted = [], 0, "", False
    for i, c in enumerate(text):
        if c == '"' and (i == 0 or text[i - 1] != "\\"):
            quoted = not quoted
        elif not quoted and c in "([{<":
            depth += 1
        elif not quoted and c in ")]}>":
            depth -= 1
        elif not quoted and c == "," and depth == 0:
            found.append(current)
            current = ""
            continue
        current += c
    return [a for a in found + [current] if a.strip()]


def code_topics():
    """{topic name: its topic-level config} for every topic in Topics.ALL."""
    java = without_comments((REPOSITORY / EVENTS_TOPICS).read_text(encoding="utf-8"))
    constants = {}
    for declaration in re.finditer(r"static\s+final\s+[\w<>,\s?]+?\s+(\w+)\s*=\s*(.*?);", java, flags=re.S):
        name, expression = declaration.groups()
        topic = re.fullmatch(r"Topic\.of\((.*)\)", expression.strip(), flags=re.S)
        if topic:
            args = arguments(topic.group(1))
            constants[name] = (java_value(args[0], constants), java_value(args[-1], constants))
        else:
            constants[name] = java_value(expression, constants)
    return dict(constants["ALL"])


def topic_problems(located):
    """The KafkaTopics against Topics.ALL: the same names, the config the code creates each topic
    with, and the partitions and replicas of ConfigMap slipway-shared."""
    try:
        declared = code_topics()
    except (OSError, KeyError, ValueError, IndexError) as e:
        return [f"{EVENTS_TOPICS}: the topics cannot be read ({e}); teach check_manifests.py its new form"]
    manifests = {d["spec"].get("topicName", d["metadata"]["name"]): (path, d) for path, d in located if d["kind"] == "KafkaTopic"}
    if not manifests:
        return []
    shared = next((d.get("data", {}) for _, d in located if d["kind"] == "ConfigMap" and d["metadata"]["name"] == SHARED_CONFIG), {})
    problems = [f"{path}: KafkaTopic/{d['metadata']['name']}: {name} is no topic of {EVENTS_TOPICS}"
                for name, (path, d) in sorted(manifests.items()) if name not in declared]
    for name, config in sorted(declared.items()):
        if name not in manifests:
            problems.append(f"no KafkaTopic for {name}, a topic of {EVENTS_TOPICS}")
            continue
        path, topic = manifests[name]
        where = f"{path}: KafkaTopic/{topic['metadata']['name']} ({name})"
        given = {key: str(value) for key, value in (topic["spec"].get("config") or {}).items()}
        for key, value in sorted(config.items()):
            if given.get(key) != value:
                problems.append(f"{where}: {key} is {given.get(key, 'not set')}, the code creates the topic with {value}")
        for field, setting in (("partitions", TOPIC_PARTITIONS), ("replicas", TOPIC_REPLICAS)):
            if setting in shared and str(topic["spec"].get(field)) != str(shared[setting]):
                problems.append(f"{where}: {field} is {topic['spec'].get(field)}, "
                                f"but ConfigMap {SHARED_CONFIG} has {setting}={shared[setting]}")
    return problems


def configuration_problems(root):
    located = [(path, d) for path, d in load(sorted(pathlib.Path(root).rglob("*.yaml"))) if d.get("kind")]
    problems, containers = [], 0
    for path, document in located:
        if document["kind"] not in ("Deployment", "StatefulSet", "DaemonSet", "Job"):
            continue
        pod = document["spec"]["template"]["spec"]
        for container in pod.get("initContainers", []) + pod["containers"]:
            containers += 1
            problems += container_problems(f"{path}: {document['kind']}/{document['metadata']['name']}", container, pod, located,
                                           document["metadata"].get("namespace"))
    return problems + topic_problems(located), containers


def configuration_main(root):
    problems, containers = configuration_problems(root)
    return report(problems, f"{containers} containers' variables and settings, and the KafkaTopics, checked against the code")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--topology"]:
        sys.exit(topology_main(args[1] if len(args) > 1 else "kubernetes"))
    if args[:1] == ["--config"]:
        sys.exit(configuration_main(args[1] if len(args) > 1 else "kubernetes"))
    sys.exit(main(args[0] if args else "kubernetes"))
