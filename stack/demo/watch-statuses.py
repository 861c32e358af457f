#!/usr/bin/env python3
"""Prints a commit's statuses on the (fake) GitHub as they arrive, until every context is final.

usage: watch-statuses.py GITHUB_URL REPOSITORY SHA TIMEOUT_SECONDS CONTEXT[=EXPECTED_STATE][~TEXT]...
Exits 0 when every context ended (in its expected state, where one is given), 1 on timeout, 2 when a
context ended in another state than expected. With ~TEXT, a context counts only once its latest
status names TEXT (in its description or run page URL); without an expected state it need not end.
"""
import json
import sys
import time
import urllib.parse
import urllib.request

FINAL = {"success", "failure", "error"}
MARK = {"pending": "…", "success": "✔", "failure": "✘", "error": "!"}


def statuses(github, repository, sha):
    query = urllib.parse.urlencode({"repo": repository, "sha": sha})
    with urllib.request.urlopen(f"{github}/_fake/statuses?{query}", timeout=5) as response:
        return json.load(response)


def main():
    github, repository, sha, timeout = sys.argv[1:5]
    texts = dict(argument.partition("~")[::2] for argument in sys.argv[5:])
    expected = dict(context.partition("=")[::2] for context in texts)
    texts = {context.partition("=")[0]: text for context, text in texts.items()}
    contexts = list(expected)

    def done(context):
        status = latest.get(context, {})
        names_text = texts[context] in status.get("description", "") + " " + (status.get("target_url") or "")
        if texts[context] and not expected[context]:
            return names_text
        return status.get("state") in FINAL and names_text
    start = time.monotonic()
    seen, latest = 0, {}
    while time.monotonic() - start < float(timeout):
        found = statuses(github, repository, sha)
        for status in found[seen:]:
            elapsed = time.monotonic() - start
            latest[status["context"]] = status
            print(f"  {elapsed:6.1f}s  {MARK.get(status['state'], ' ')} {status['context']:<16} "
                  f"{status['state']:<8} {status['description']}", flush=True)
        seen = len(found)
        if all(done(c) for c in contexts):
            print()
            for context in contexts:
                if latest[context]["state"] in FINAL:
                    print(f"  {context:<16} run page: {latest[context]['target_url']}")
            wrong = [f"{c} is {latest[c]['state']}, expected {expected[c]}"
                     for c in contexts if expected[c] and latest[c]["state"] != expected[c]]
            if wrong:
                print(f"  unexpected outcome: {'; '.join(wrong)}")
                return 2
            return 0
        time.sleep(0.2)
    print(f"  gave up after {timeout}s; statuses so far: {sorted(latest)}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
