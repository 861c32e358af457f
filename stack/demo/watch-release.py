#!/usr/bin/env python3
"""Prints a release's GitHub deployments and the tag's slipway/release status as they arrive on the
(fake) GitHub, and what each datacenter's haproxy answers once the release is live there.

usage: watch-release.py GITHUB_URL REPOSITORY TAG SHA TIMEOUT_SECONDS DATACENTER=EXPECTED_STATE...
Exits 0 when every named datacenter's deployment ended in its expected state and slipway/release
ended, 1 on timeout, 2 when an outcome differs from the one expected.
"""
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

FINAL = {"success", "failure", "error", "inactive"}
MARK = {"queued": "…", "pending": "…", "in_progress": "…", "success": "✔", "failure": "✘", "error": "!"}


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def answer(url, patience=15.0):
    """What url answers, asking again while haproxy has not reloaded with the new release yet."""
    start = time.monotonic()
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8", "replace").strip()
                return f"HTTP {response.status} after {time.monotonic() - start:.1f}s: {body}"
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}"
        except OSError as error:
            last = f"no answer ({error})"
        if time.monotonic() - start > patience:
            return last
        time.sleep(0.1)


class Watch:
    def __init__(self, github, repository, tag, sha):
        self.api = f"{github}/repos/{repository}"
        self.statuses_url = f"{github}/_fake/statuses?" + urllib.parse.urlencode({"repo": repository, "sha": sha})
        self.tag = tag
        self.start = time.monotonic()
        self.seen = set()
        self.latest = {}
        self.release_state = None
        self.release_seen = 0

    def say(self, mark, what, state, description):
        print(f"  {time.monotonic() - self.start:6.1f}s  {mark} {what:<16} {state:<11} {description}", flush=True)

    def poll(self):
        for deployment in get(f"{self.api}/deployments?" + urllib.parse.urlencode({"ref": self.tag})):
            environment = deployment["environment"]
            for status in reversed(get(f"{self.api}/deployments/{deployment['id']}/statuses")):
                if status["id"] in self.seen:
                    continue
                self.seen.add(status["id"])
                self.latest[environment] = status
                self.say(MARK.get(status["state"], " "), f"deployment {environment}", status["state"],
                         status.get("description") or "")
                if status["state"] == "success" and status.get("environment_url"):
                    print(f"{'':12}curl {status['environment_url']} → {answer(status['environment_url'])}", flush=True)
        statuses = [s for s in get(self.statuses_url) if s["context"] == "slipway/release"]
        for status in statuses[self.release_seen:]:
            self.release_state = status["state"]
            self.say(MARK.get(status["state"], " "), "slipway/release", status["state"], status["description"])
        self.release_seen = len(statuses)


def main():
    github, repository, tag, sha, timeout = sys.argv[1:6]
    expected = dict(argument.split("=", 1) for argument in sys.argv[6:])
    watch = Watch(github, repository, tag, sha)
    while time.monotonic() - watch.start < float(timeout):
        watch.poll()
        ended = all(watch.latest.get(dc, {}).get("state") in FINAL for dc in expected)
        if ended and watch.release_state in {"success", "failure", "error"}:
            wrong = [f"{dc} is {watch.latest[dc]['state']}, expected {state}"
                     for dc, state in expected.items() if watch.latest[dc]["state"] != state]
            if wrong:
                print(f"  unexpected outcome: {'; '.join(wrong)}")
                return 2
            return 0
        time.sleep(0.2)
    print(f"  gave up after {timeout}s; deployments so far: "
          f"{ {dc: s['state'] for dc, s in watch.latest.items()} }, slipway/release {watch.release_state}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
