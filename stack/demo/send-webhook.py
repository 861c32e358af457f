#!/usr/bin/env python3
"""Sends a signed webhook to the gateway, made from GitHub's own example payload.

usage: send-webhook.py EXAMPLES_INDEX GATEWAY_URL SECRET pull_request REPOSITORY NUMBER HEAD_SHA [ACTION]
       send-webhook.py EXAMPLES_INDEX GATEWAY_URL SECRET fork_pull_request REPOSITORY NUMBER HEAD_SHA AUTHOR
       send-webhook.py EXAMPLES_INDEX GATEWAY_URL SECRET issue_comment REPOSITORY NUMBER BODY AUTHOR
       send-webhook.py EXAMPLES_INDEX GATEWAY_URL SECRET release REPOSITORY TAG RELEASE_ID [prerelease]
Prints the gateway's HTTP status and the delivery id.
"""
import datetime
import hashlib
import hmac
import json
import sys
import urllib.error
import urllib.request
import uuid


def example(index, event, action):
    with open(index, encoding="utf-8") as f:
        events = json.load(f)
    return next(
        e for found in events if found["name"] == event
        for e in found["examples"] if e.get("action") == action)


def for_repository(payload, repository):
    owner, name = repository.split("/", 1)
    payload["repository"].update(full_name=repository, name=name)
    payload["repository"]["owner"]["login"] = owner
    return payload


def pull_request(index, repository, number, head_sha, action="opened"):
    payload = for_repository(example(index, "pull_request", "opened"), repository)
    payload["action"] = action
    payload["number"] = int(number)
    pull = payload["pull_request"]
    pull["number"] = int(number)
    pull["head"].update(sha=head_sha, ref="demo/greeting")
    pull["head"]["repo"]["full_name"] = repository
    pull["base"]["repo"]["full_name"] = repository
    return payload


def fork_pull_request(index, repository, number, head_sha, author):
    """A pull request opened by AUTHOR from a branch of AUTHOR's fork of the repository."""
    payload = pull_request(index, repository, number, head_sha)
    fork = author + "/" + repository.split("/", 1)[1]
    payload["pull_request"]["head"]["repo"].update(full_name=fork, fork=True)
    payload["pull_request"]["head"]["label"] = author + ":demo/greeting"
    payload["pull_request"]["user"]["login"] = author
    payload["sender"]["login"] = author
    return payload


def issue_comment(index, repository, number, body, author):
    """AUTHOR's comment BODY on pull request NUMBER."""
    payload = for_repository(example(index, "issue_comment", "created"), repository)
    payload["issue"]["number"] = int(number)
    payload["issue"]["pull_request"] = {
        "url": f"https://api.github.com/repos/{repository}/pulls/{number}"}
    payload["comment"].update(body=body, id=int(uuid.uuid4().int % 10**9))
    payload["comment"]["user"]["login"] = author
    payload["sender"]["login"] = author
    return payload


def release(index, repository, tag, release_id, kind="release"):
    payload = for_repository(example(index, "release", "published"), repository)
    published = payload["release"]
    published.update(
        id=int(release_id), tag_name=tag, target_commitish="main", name=tag,
        prerelease=kind == "prerelease", draft=False,
        published_at=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    return payload


def send(gateway, secret, event, payload):
    body = json.dumps(payload).encode("utf-8")
    delivery = str(uuid.uuid4())
    signature = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        gateway + "/webhooks/github", data=body, method="POST",
        headers={
            "Content-Type": "application/json",
            "X-GitHub-Event": event,
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


def main():
    index, gateway, secret, event = sys.argv[1:5]
    makers = {"pull_request": pull_request, "fork_pull_request": fork_pull_request,
              "issue_comment": issue_comment, "release": release}
    payload = makers[event](index, *sys.argv[5:])
    return send(gateway, secret, "pull_request" if event == "fork_pull_request" else event, payload)


if __name__ == "__main__":
    sys.exit(main())
