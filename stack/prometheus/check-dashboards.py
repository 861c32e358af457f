"""Evaluates every panel query of Slipway's Grafana dashboards against a live Prometheus.

Usage: check-dashboards.py PROMETHEUS_URL DASHBOARD.json...

Waits until Prometheus has scraped every target of the `slipway` job a few times, then runs each
target's PromQL as Grafana would (the dashboard variables replaced: $service by its All value, the
range and rate interval by a window covering the run) and prints one line per query. A query fails
when Prometheus refuses it or when it returns no series: a panel that would show "No data" after the
demo's flows queries a metric no service records, or labels no scrape produces. Exit status 1 if any
query or dashboard fails.
"""

import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

WINDOW = "1h"
SCRAPES_WANTED = 3
WAIT_SECONDS = 90
VARIABLES = {
    "$__rate_interval": WINDOW,
    "$__range": WINDOW,
    "$__interval": "2s",
    "$service": ".+",
}


def query(prometheus, promql):
    url = prometheus.rstrip("/") + "/api/v1/query?" + urllib.parse.urlencode({"query": promql})
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as refused:
        return json.load(refused)


def wait_for_scrapes(prometheus):
    """Every target up, each scraped SCRAPES_WANTED times: rates need two samples at least."""
    deadline = time.monotonic() + WAIT_SECONDS
    promql = f'min(count_over_time(up{{job="slipway"}}[{WINDOW}])) and min(up{{job="slipway"}}) == 1'
    while time.monotonic() < deadline:
        result = query(prometheus, promql).get("data", {}).get("result", [])
        if result and float(result[0]["value"][1]) >= SCRAPES_WANTED:
            return
        time.sleep(1)
    down = query(prometheus, 'up{job="slipway"} == 0').get("data", {}).get("result", [])
    names = sorted(r["metric"].get("app_kubernetes_io_name", "?") for r in down)
    sys.exit(f"check-dashboards: Prometheus has not scraped every service {SCRAPES_WANTED} times "
             f"after {WAIT_SECONDS}s (down: {', '.join(names) or 'none; too few scrapes'})")


def dashboard_problems(dashboard):
    """A dashboard must pick its Prometheus through a datasource variable, in every panel."""
    variables = {v.get("name"): v for v in dashboard.get("templating", {}).get("list", [])}
    source = variables.get("datasource", {})
    problems = []
    if source.get("type") != "datasource" or source.get("query") != "prometheus":
        problems.append("no datasource variable of type prometheus")
    for panel in dashboard.get("panels", []):
        if panel.get("type") == "row":
            continue
        uids = [panel.get("datasource", {}).get("uid")]
        uids += [t.get("datasource", {}).get("uid") for t in panel.get("targets", [])]
        if any(uid != "${datasource}" for uid in uids):
            problems.append(f"panel '{panel.get('title')}' does not use ${{datasource}}")
        if not panel.get("targets"):
            problems.append(f"panel '{panel.get('title')}' has no query")
    return problems


def expand(expr):
    for name in sorted(VARIABLES, key=len, reverse=True):
        expr = expr.replace(name, VARIABLES[name])
    return expr


def main(prometheus, paths):
    wait_for_scrapes(prometheus)
    failed = checked = 0
    for path in paths:
        with open(path, encoding="utf-8") as file:
            dashboard = json.load(file)
        for problem in dashboard_problems(dashboard):
            print(f"FAIL {path}: {problem}")
            failed += 1
        for panel in dashboard.get("panels", []):
            for target in panel.get("targets", []):
                promql = expand(target["expr"])
                answer = query(prometheus, promql)
                checked += 1
                name = f"{dashboard['title']} / {panel['title']} [{target['refId']}]"
                if answer.get("status") != "success":
                    print(f"FAIL {name}: {answer.get('error')}\n     {promql}")
                    failed += 1
                elif not answer["data"]["result"]:
                    print(f"FAIL {name}: no series\n     {promql}")
                    failed += 1
                else:
                    print(f"ok   {name}: {len(answer['data']['result'])} series")
    print(f"check-dashboards: {checked} queries in {len(paths)} dashboards, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
