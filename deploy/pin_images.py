#!/usr/bin/env python3
"""Pins services' images by digest in the kustomizations of deploy/kubernetes.

Each kustomization.yaml under DIR has an `images:` block with one entry per
service image its manifests name (`name: slipway/<service>`); this rewrites the
entry's newName and digest and leaves every other line as it is. `./slipway
images` runs it with what it pushed.

Usage: pin_images.py DIR SERVICE=REGISTRY/slipway/SERVICE@sha256:HEX...
"""

import pathlib
import re
import sys

ENTRY = re.compile(r"^(  - name: slipway/(?P<service>[a-z-]+)\n    newName: )[^\n]*(\n    digest: )[^\n]*$", re.MULTILINE)


def pin(root, pushed):
    pinned = set()
    for path in sorted(pathlib.Path(root).rglob("kustomization.yaml")):
        text = path.read_text(encoding="utf-8")

        def replace(entry):
            service = entry.group("service")
            if service not in pushed:
                return entry.group(0)
            name, digest = pushed[service].split("@", 1)
            pinned.add(service)
            return f"{entry.group(1)}{name}{entry.group(3)}{digest}"

        path.write_text(ENTRY.sub(replace, text), encoding="utf-8")
    return sorted(set(pushed) - pinned)


def main(args):
    pushed = {}
    for argument in args[1:]:
        service, _, image = argument.partition("=")
        if not re.fullmatch(r"[^@\s]+@sha256:[0-9a-f]{64}", image):
            sys.exit(f"pin_images.py: {argument}: expected SERVICE=IMAGE@sha256:<64 hex digits>")
        pushed[service] = image
    missing = pin(args[0], pushed)
    if missing:
        sys.exit(f"pin_images.py: no kustomization under {args[0]} has an images entry for {', '.join(missing)}")
    print(f"pinned {', '.join(sorted(pushed))} in the kustomizations of {args[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
