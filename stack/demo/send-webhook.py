#!/usr/bin/env python3
"""Sends a signed pull_request webhook to the gateway, made from GitHub's own example payload.

usage: send-pull-request.py EXAMPLES_INDEX GATEWAY_URL SECRET REPOSITORY NUMBER HEAD_SHA [ACTION]
Prints the gateway's HTTP status and the delivery id.
"""
import hashlib
import hmac
import json
import sys
import urllib.error
import urllib.request
import uuid


def payload(index, action, repository, number, head_sha):
    with open(index, encoding="utf-8") as f:
        events = json.load(f)
    example = next(
        e for event in events if event["name"] == "pull_request"
        for e in event["examples"] if e.get("action") == "opened")
    owner, name = repository.split("/", 1)
    example["action"] = action
    example["number"] = number
    example["repository"].update(full_name=repository, name=name)
    example["repository"]["owner"]["login"] = owner
    pull_request = example["pull_request"]
    pull_request["number"] = number
    pull_request["head"].update(sha=head_sha, ref="demo/greeting")
    pull_request["head"]["repo"]["full_name"] = repository
    pull_request["base"]["repo"]["full_name"] = repository
    return json.dumps(example).encode("utf-8")


def main():
    index, gateway, secret, repository, number, head_sha = sys.argv[1:7]
    action = sys.argv[7] if len(sys.argv) > 7 else "opened"
    body = payload(index, action, repository, int(number), head_sha)
    delivery = str(uuid.uuid4())
    signature = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        gateway + "/webhooks/github", data=body, method="POST",
        headers={
            "Content-Type": "application/json",
            "X-GitHub-Event": "pull_request",
            "X-GitHub-Delivery": delivery,
            "X-Hub-Signature-256": "sha256=" + signature,
        })
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    print(f"{status} {delivery}")
    return 0 if 200 <= status < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
