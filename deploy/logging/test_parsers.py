#!/usr/bin/env python3
"""Checks Slipway's fluent-bit rules (fluent-bit/parsers.conf and filters.conf) against real lines.

fluent-bit is not installed here, so this applies the rules itself, as fluent-bit would, to:
- samples/quarkus-json*.log: the services' JSON console lines (see samples/README.md);
- samples/haproxy-rfc5424.log: haproxy's syslog lines in the normalised log-format;
- lines a real haproxy writes now with the haproxy role's log formats (haproxy_log_format_http and
  _tcp in ansible/roles/haproxy/defaults/main.yml), which stack/haproxy/haproxy.cfg must use too;
and checks that the DaemonSet's ConfigMap carries the two files unchanged. The fields asserted are
the ones deploy/README.md promises.

    python3 deploy/logging/test_parsers.py      (deploy/check.sh runs it; needs PyYAML and haproxy)
"""

import fnmatch
import http.server
import json
import pathlib
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

import yaml

LOGGING = pathlib.Path(__file__).resolve().parent
REPOSITORY = LOGGING.parent.parent
FLUENT_BIT = LOGGING / "fluent-bit"
SAMPLES = LOGGING / "samples"
DAEMONSET = LOGGING / "kubernetes" / "fluent-bit.yaml"
HAPROXY_DEFAULTS = REPOSITORY / "ansible" / "roles" / "haproxy" / "defaults" / "main.yml"
STACK_HAPROXY = REPOSITORY / "stack" / "haproxy" / "haproxy.cfg"

SERVICE_FIELDS = {"time", "level", "logger", "message", "thread"}
MDC_FIELDS = {"correlation_id", "topic", "event_type", "repository", "run_id", "release_id", "delivery"}
HAPROXY_TCP_FIELDS = {"client", "client_port", "frontend", "backend", "server", "bytes_in", "bytes_out",
                      "queue_ms", "connect_ms", "total_ms", "termination"}
HAPROXY_HTTP_FIELDS = HAPROXY_TCP_FIELDS | {"status", "request_ms", "response_ms", "request"}
SYSLOG_FIELDS = {"time", "host", "ident", "pid"}


def sections(path):
    """[(section name, [(key, value), ...])] of a fluent-bit classic configuration file."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if re.fullmatch(r"\[\w+\]", stripped):
            found.append((stripped[1:-1], []))
        else:
            key, _, value = stripped.partition(" ")
            found[-1][1].append((key.lower(), value.strip()))
    return found


def python_regex(onigmo):
    """Onigmo's named groups (?<name>...) as Python's (?P<name>...)."""
    return re.compile(re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", onigmo))


class Parser:
    def __init__(self, entries):
        values = dict(entries)
        self.name = values["name"]
        self.format = values["format"]
        self.regex = python_regex(values["regex"]) if self.format == "regex" else None
        self.time_key = values.get("time_key")
        self.time_keep = values.get("time_keep", "Off").lower() == "on"
        self.types = dict(t.split(":") for t in values.get("types", "").split())

    def parse(self, text):
        """The fields of a line, or None when this parser does not take it."""
        if self.format == "json":
            try:
                fields = json.loads(text)
            except ValueError:
                return None
            if not isinstance(fields, dict):
                return None
        else:
            match = self.regex.search(text)
            if not match:
                return None
            fields = {k: v for k, v in match.groupdict().items() if v is not None}
            for key, kind in self.types.items():
                if key in fields:
                    fields[key] = {"integer": int, "float": float}[kind](fields[key])
        if self.time_key and not self.time_keep:
            fields.pop(self.time_key, None)
        return fields


PARSERS = {p.name: p for p in (Parser(e) for kind, e in sections(FLUENT_BIT / "parsers.conf") if kind == "PARSER")}
FILTERS = [e for kind, e in sections(FLUENT_BIT / "filters.conf") if kind == "FILTER"]


def apply_filters(tag, record):
    """The record after every filter of filters.conf whose Match takes the tag, in order."""
    record = dict(record)
    for entries in FILTERS:
        values = dict(entries)
        if not fnmatch.fnmatchcase(tag, values["match"]):
            continue
        name = values["name"]
        if name == "parser":
            key = values["key_name"]
            for parser in [v for k, v in entries if k == "parser"]:
                parsed = PARSERS[parser].parse(str(record.get(key, "")))
                if parsed is not None:
                    kept = {k: v for k, v in record.items() if k != key} if values.get("reserve_data", "").lower() == "on" else {}
                    record = {**kept, **parsed}
                    break
        elif name == "nest":
            assert values["operation"] == "lift", f"the test knows nest's lift only, not {values['operation']}"
            nested = record.pop(values["nested_under"], None)
            if isinstance(nested, dict):
                record.update(nested)
            elif nested is not None:
                record[values["nested_under"]] = nested
        elif name == "modify":
            for operation, argument in entries:
                if operation in ("rename", "hard_rename"):
                    old, new = argument.split()
                    if old in record and (operation == "hard_rename" or new not in record):
                        record[new] = record.pop(old)
                elif operation == "remove":
                    record.pop(argument, None)
                elif operation not in ("name", "match"):
                    raise AssertionError(f"the test does not know modify's {operation}")
        else:
            raise AssertionError(f"the test does not know the filter {name}")
    return record


def container_record(line):
    """A container's line as tail's docker multiline parser hands it on."""
    return {"log": line + "\n", "stream": "stdout", "time": "2026-12-01T10:16:25.727920314Z"}


def syslog_record(line):
    record = PARSERS["slipway-syslog-rfc5424"].parse(line)
    assert record is not None, f"slipway-syslog-rfc5424 does not match {line!r}"
    return record


def sample_lines(pattern):
    lines = [line for path in sorted(SAMPLES.glob(pattern)) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines, f"no sample lines in {SAMPLES}/{pattern}"
    return lines


class ServiceLines(unittest.TestCase):
    def test_every_json_line_becomes_fields(self):
        for line in sample_lines("quarkus-json*.log"):
            original = json.loads(line)
            record = apply_filters("container.var.log.containers.webhook-gateway", container_record(line))
            self.assertLessEqual(SERVICE_FIELDS, record.keys(), line)
            self.assertEqual(original["timestamp"], record["time"])
            self.assertEqual(original["loggerName"], record["logger"])
            self.assertEqual(original["message"], record["message"])
            self.assertEqual(original["level"], record["level"])
            self.assertNotIn("log", record)
            self.assertNotIn("mdc", record)
            self.assertNotIn("loggerName", record)

    def test_mdc_fields_are_top_level(self):
        with_mdc = [json.loads(line) for line in sample_lines("quarkus-json-mdc.log")]
        seen = set()
        for original in with_mdc:
            self.assertTrue(original["mdc"], "a sample of quarkus-json-mdc.log without MDC fields")
            record = apply_filters("container.x", container_record(json.dumps(original)))
            for key, value in original["mdc"].items():
                self.assertEqual(value, record[key])
            seen |= original["mdc"].keys()
        self.assertLessEqual({"correlation_id", "repository", "run_id"}, seen)
        self.assertLessEqual(seen, MDC_FIELDS, "an MDC field that METRICS.md does not name")

    def test_a_line_that_is_not_json_stays_in_log(self):
        record = apply_filters("container.x", container_record("Exception in thread main"))
        self.assertEqual("Exception in thread main\n", record["log"])

    def test_exceptions_stay_an_object(self):
        lines = [line for line in sample_lines("quarkus-json*.log") if '"exception"' in line]
        self.assertTrue(lines, "no sample with an exception")
        record = apply_filters("container.x", container_record(lines[0]))
        self.assertIn("exceptionType", record["exception"])


class HaproxySampleLines(unittest.TestCase):
    def test_every_sample_line_parses(self):
        kinds = set()
        for line in sample_lines("haproxy-rfc5424.log"):
            record = apply_filters("haproxy", syslog_record(line))
            self.assertLessEqual(SYSLOG_FIELDS, record.keys(), line)
            self.assertNotIn("message", record, f"no haproxy parser matches {line!r}")
            expected = HAPROXY_HTTP_FIELDS if "status" in record else HAPROXY_TCP_FIELDS
            self.assertEqual(expected, record.keys() - SYSLOG_FIELDS, line)
            kinds.add("http" if "status" in record else "tcp")
            self.assertIsInstance(record["total_ms"], int)
        self.assertEqual({"http", "tcp"}, kinds)

    def test_a_message_that_is_no_access_log_stays(self):
        line = "<129>1 2026-12-01T10:18:40.287592+00:00 lb1 haproxy 1740 - - Server service_shop/10.0.2.21:30080 is DOWN."
        record = apply_filters("haproxy", syslog_record(line))
        self.assertEqual("Server service_shop/10.0.2.21:30080 is DOWN.", record["message"])


def haproxy_formats():
    defaults = yaml.safe_load(HAPROXY_DEFAULTS.read_text(encoding="utf-8"))
    return defaults["haproxy_log_format_http"], defaults["haproxy_log_format_tcp"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"haproxy exited: {process.stdout.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"haproxy does not listen on {port}")


class Upstream(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        body = b"hello\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@unittest.skipUnless(shutil.which("haproxy"), "haproxy is not installed")
class LiveHaproxy(unittest.TestCase):
    """The role's formats, written by a running haproxy, match the parsers."""

    def test_stack_haproxy_uses_the_roles_format(self):
        http_format, _ = haproxy_formats()
        self.assertIn(f'log-format "{http_format}"', STACK_HAPROXY.read_text(encoding="utf-8"))

    def test_haproxy_lines_parse(self):
        http_format, tcp_format = haproxy_formats()
        upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
        threading.Thread(target=upstream.serve_forever, daemon=True).start()
        receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        receiver.bind(("127.0.0.1", 0))
        receiver.settimeout(5)
        front, tcp = free_port(), free_port()
        config = f"""
global
    log 127.0.0.1:{receiver.getsockname()[1]} len 4096 format rfc5424 local0
    log-send-hostname
defaults
    log global
    mode http
    option dontlognull
    log-format "{http_format}"
    timeout connect 2s
    timeout client 5s
    timeout server 5s
frontend services
    bind 127.0.0.1:{front}
    http-request return status 503 content-type text/plain string "no such service" unless {{ path_beg /shop/ }}
    use_backend service_shop
backend service_shop
    server app 127.0.0.1:{upstream.server_address[1]}
listen kube_api
    bind 127.0.0.1:{tcp}
    mode tcp
    log-format "{tcp_format}"
    server app 127.0.0.1:{upstream.server_address[1]}
"""
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder) / "haproxy.cfg"
            path.write_text(config, encoding="utf-8")
            process = subprocess.Popen(["haproxy", "-db", "-f", str(path)], stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True)
            try:
                wait_for_port(front, process)
                wait_for_port(tcp, process)
                statuses = []
                for url in (f"http://127.0.0.1:{front}/shop/a?q=%22x%22", f"http://127.0.0.1:{front}/other",
                            f"http://127.0.0.1:{tcp}/"):
                    try:
                        statuses.append(urllib.request.urlopen(url, timeout=5).status)
                    except urllib.error.HTTPError as e:
                        statuses.append(e.code)
                self.assertEqual([200, 503, 200], statuses)
                records = []
                while len(records) < 3:
                    line = receiver.recv(65535).decode().rstrip("\n")
                    # The health-check-free proxies log nothing else; haproxy's start message may come first.
                    record = apply_filters("haproxy", syslog_record(line))
                    if "message" not in record or "client=" in record["message"]:
                        records.append((line, record))
            finally:
                process.terminate()
                process.communicate(timeout=10)
                upstream.shutdown()
                upstream.server_close()
                receiver.close()
        by_frontend = {}
        for line, record in records:
            self.assertNotIn("message", record, f"no haproxy parser matches {line!r}")
            by_frontend.setdefault((record["frontend"], record.get("status")), record)
        shop = by_frontend[("services", 200)]
        self.assertEqual(HAPROXY_HTTP_FIELDS, shop.keys() - SYSLOG_FIELDS)
        self.assertEqual(("service_shop", "app", "127.0.0.1"), (shop["backend"], shop["server"], shop["client"]))
        self.assertEqual("GET /shop/a?q=%22x%22 HTTP/1.1", shop["request"])
        self.assertEqual(("services", "<NOSRV>"), (by_frontend[("services", 503)]["backend"], by_frontend[("services", 503)]["server"]))
        api = by_frontend[("kube_api", None)]
        self.assertEqual(HAPROXY_TCP_FIELDS, api.keys() - SYSLOG_FIELDS)
        self.assertGreater(api["bytes_out"], 0)


class OneSourceOfRules(unittest.TestCase):
    def test_the_daemonset_carries_the_files_unchanged(self):
        documents = [d for d in yaml.safe_load_all(DAEMONSET.read_text(encoding="utf-8")) if d]
        config = [d for d in documents if d["kind"] == "ConfigMap"]
        self.assertEqual(1, len(config))
        for name in ("parsers.conf", "filters.conf"):
            self.assertEqual((FLUENT_BIT / name).read_text(encoding="utf-8"), config[0]["data"][name],
                             f"{name} in {DAEMONSET.name} differs from fluent-bit/{name}: copy it over")

    def test_the_role_installs_these_files(self):
        defaults = (REPOSITORY / "ansible" / "roles" / "fluent-bit" / "defaults" / "main.yml").read_text(encoding="utf-8")
        self.assertIn("deploy/logging/fluent-bit", defaults)

    def test_the_readme_names_every_field(self):
        readme = (REPOSITORY / "deploy" / "README.md").read_text(encoding="utf-8")
        section = readme[readme.index("## Log shipping"):]
        for field in sorted(SERVICE_FIELDS | MDC_FIELDS | HAPROXY_HTTP_FIELDS | SYSLOG_FIELDS):
            self.assertIn(f"`{field}`", section)


if __name__ == "__main__":
    unittest.main(verbosity=2)
