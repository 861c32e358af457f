#!/usr/bin/env python3
"""Offline checks of deploy/kubernetes (kubeconform is not available here).

Every YAML document must parse and have apiVersion, kind and metadata.name.
Beyond that, the rules this project promises for its own workloads:
probes on /q/health/*, memory requests and limits, non-root, no privilege
escalation, a read-only root filesystem, Prometheus scrape annotations, and a
Service whose selector finds the workload. Secrets are allowed only in files
named *.example.yaml, with placeholder values.

Usage: check_manifests.py DIR   (exit status 1 when anything is wrong)
"""

import pathlib
import sys

import yaml

PLACEHOLDER = "CHANGE-ME"


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


def main(root):
    problems, workloads, services, count = [], {}, [], 0
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
    for where, selector in services:
        if not any(selector.items() <= labels.items() for labels in workloads.values()):
            problems.append(f"{where}: selector {selector} matches no workload")
    for problem in problems:
        print(f"  FAIL {problem}")
    print(f"  {count} documents, {len(workloads)} workloads, {len(services)} services checked")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "kubernetes"))
