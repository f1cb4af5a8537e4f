#!/usr/bin/env python3
"""Checks the PromQL of docs/fleet/ against the metric contract (docs/metrics.md), without a server.

    python3 scripts/lib/fleet_queries.py check DASHBOARD.json RULES.yml [RULES.test.yml]
        The dashboard is valid JSON that Grafana imports (title, uid, unique panel ids, every panel
        and target on the ${datasource} variable); every metric name in every expression of the
        dashboard (panel targets and variable queries), of the rules and of the rule tests' input
        series is one of the contract's (lmx_bridge_* with the suffixes its type has, Prometheus's
        `up`, the client's process_* / jvm_*), and every label name in a matcher or a grouping is
        one the contract (or Prometheus) gives. Prints PASS/FAIL lines; exit status 1 on a failure.
    python3 scripts/lib/fleet_queries.py names DASHBOARD.json RULES.yml
        The metric names used, one per line (scripts/fleet-test.sh checks that a real host exposes them).
    python3 scripts/lib/fleet_queries.py exprs DASHBOARD.json
        The dashboard's expressions, one JSON string per line, Grafana's variables replaced by values
        Prometheus accepts (scripts/fleet-test.sh runs each one on a real Prometheus).
    python3 scripts/lib/fleet_queries.py expr DASHBOARD.json "PANEL TITLE" [REFID]
        The expression of one panel's query (default refId A), variables replaced (exit 1 if none).

promtool checks the rules' syntax and behaviour; Grafana has no offline checker, hence this one.
Rule expressions must stay on one line (`expr: ...`): a multi-line expr is reported, not skipped.
"""
import json
import re
import sys

# The metric contract of issue 17 (docs/metrics.md): name -> type.
CONTRACT = {
    "lmx_bridge_register_online": "gauge",
    "lmx_bridge_register_last_contact_timestamp_seconds": "gauge",
    "lmx_bridge_queue_items": "gauge",
    "lmx_bridge_queue_amount_rub": "gauge",
    "lmx_bridge_queue_oldest_age_seconds": "gauge",
    "lmx_bridge_discrepancies": "gauge",
    "lmx_bridge_operations_total": "counter",
    "lmx_bridge_errors_total": "counter",
    "lmx_bridge_processing_request_duration_seconds": "histogram",
    "lmx_bridge_lane_wait_seconds": "histogram",
    "lmx_bridge_replayed_total": "counter",
    "lmx_bridge_build_info": "gauge",
    "lmx_bridge_registers": "gauge",
}
# what Prometheus adds (up) and the client's JVM/process basics named by the contract
OTHER_NAMES = {"up"}
OTHER_PREFIXES = ("process_", "jvm_")
# label names: the contract's, Prometheus's target labels, the example's file_sd label, the JVM's memory area
LABELS = {"partner", "register", "shop", "state", "command", "outcome", "kind", "result", "le", "version",
          "job", "instance", "region", "area", "__name__"}
STATES = {"queued", "sent", "retry", "dead", "discrepancy"}

KEYWORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan", "atan2", "start", "end"}


def allowed_names():
    names = set(OTHER_NAMES)
    for n, t in CONTRACT.items():
        if t == "histogram":
            names |= {n + "_bucket", n + "_sum", n + "_count", n + "_created"}
        elif t == "counter":
            names |= {n, n[:-len("_total")] + "_created"}
        else:
            names.add(n)
    return names


def grafana_to_promql(expr):
    """Grafana's variables replaced by values a Prometheus accepts."""
    expr = expr.replace("$__rate_interval", "1m").replace("$__interval", "1m").replace("$__range", "1h")
    return re.sub(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?", ".*", expr)


STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')


def analyse(expr):
    """(metric names, label names, problems) of one PromQL expression."""
    problems = []
    e = grafana_to_promql(expr)
    labels = set()
    # label names in matchers: inside {...}, before the operator (strings removed first)
    for block in re.findall(r"\{([^{}]*)\}", STRING.sub('""', e)):
        for m in re.finditer(r"([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)", block):
            labels.add(m.group(1))
    # state values compared with =
    for m in re.finditer(r'\bstate\s*=\s*"([^"]*)"', e):
        if m.group(1) not in STATES:
            problems.append(f'state="{m.group(1)}" is not a queue state of the contract')
    s = STRING.sub('""', e)
    s = re.sub(r"\{[^{}]*\}", " ", s)
    s = re.sub(r"\[[^\]]*\]", " ", s)
    for m in re.finditer(r"\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)", s):
        labels |= {l.strip() for l in m.group(2).split(",") if l.strip()}
    s = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", s)
    names = set()
    for m in re.finditer(r"(?<![\w.:])([A-Za-z_:][A-Za-z0-9_:]*)", s):
        word = m.group(1)
        rest = s[m.end():]
        if re.match(r"\s*\(", rest) or word.lower() in KEYWORDS:
            continue  # a function or aggregation, or a keyword
        names.add(word)
    return names, labels, problems


def dashboard_queries(dash):
    """[(where, expr)] of every panel target and every query variable (label_values' first argument)."""
    out = []

    def panels(ps):
        for p in ps:
            yield p
            yield from panels(p.get("panels", []))
    for p in panels(dash.get("panels", [])):
        for t in p.get("targets", []):
            if "expr" in t:
                out.append((f'panel {p.get("id")} "{p.get("title")}" {t.get("refId")}', t["expr"]))
    for v in dash.get("templating", {}).get("list", []):
        if v.get("type") != "query":
            continue
        q = v.get("query")
        q = q.get("query", "") if isinstance(q, dict) else (q or "")
        m = re.fullmatch(r"\s*label_values\((.*),\s*([A-Za-z_][A-Za-z0-9_]*)\)\s*", q)
        if m:
            out.append((f'variable {v["name"]}', m.group(1)))
            out.append((f'variable {v["name"]} (label)', "{%s=\"\"}" % m.group(2)))
        else:
            out.append((f'variable {v["name"]}', q))
    return out


def rule_queries(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = re.match(r"\s*(expr|series):\s*(.*?)\s*$", line)
            if not m:
                continue
            v = m.group(2)
            if v in ("", "|", ">", "|-", ">-"):
                out.append((f"{path}:{n}", None))
                continue
            if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
                v = v[1:-1]
            out.append((f"{path}:{n}", v))
    return out


def check_dashboard_shape(dash, fail):
    for k in ("title", "uid", "panels", "schemaVersion"):
        if k not in dash:
            fail(f"the dashboard has no {k}")
    ds_vars = [v for v in dash.get("templating", {}).get("list", []) if v.get("type") == "datasource"]
    if not any(v.get("name") == "datasource" and v.get("query") == "prometheus" for v in ds_vars):
        fail("the dashboard has no Prometheus datasource variable named datasource (an import must ask for it)")
    ids = []

    def walk(ps):
        for p in ps:
            ids.append(p.get("id"))
            g = p.get("gridPos", {})
            if not all(isinstance(g.get(k), int) for k in ("x", "y", "w", "h")) or g.get("x", 0) + g.get("w", 0) > 24:
                fail(f'panel {p.get("id")} "{p.get("title")}": gridPos {g} is not within the 24 columns')
            if p.get("type") != "row":
                if p.get("datasource") != {"type": "prometheus", "uid": "${datasource}"}:
                    fail(f'panel {p.get("id")} "{p.get("title")}": datasource is not the ${{datasource}} variable')
                if not p.get("targets"):
                    fail(f'panel {p.get("id")} "{p.get("title")}": no query')
                for t in p.get("targets", []):
                    if t.get("datasource") != {"type": "prometheus", "uid": "${datasource}"}:
                        fail(f'panel {p.get("id")} target {t.get("refId")}: datasource is not ${{datasource}}')
            walk(p.get("panels", []))
    walk(dash.get("panels", []))
    if len(ids) != len(set(ids)) or None in ids:
        fail(f"panel ids must be present and unique: {ids}")
    return len(ids)


def main(argv):
    if len(argv) < 3 or argv[1] not in ("check", "names", "exprs", "expr"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, dash_path, others = argv[1], argv[2], argv[3:]
    failures = []
    fail = failures.append
    try:
        with open(dash_path, encoding="utf-8") as f:
            dash = json.load(f)
    except (OSError, ValueError) as e:
        print(f"FAIL: {dash_path} is not valid JSON: {e}")
        return 1
    if mode == "expr":
        title, ref = argv[3], (argv[4] if len(argv) > 4 else "A")
        for where, e in dashboard_queries(dash):
            if where.endswith(f'"{title}" {ref}'):
                print(grafana_to_promql(e))
                return 0
        print(f"no panel titled {title!r} with a query {ref}", file=sys.stderr)
        return 1
    if mode == "exprs":
        for where, e in dashboard_queries(dash):
            if not where.endswith("(label)"):   # the label of label_values is no expression
                print(json.dumps(grafana_to_promql(e), ensure_ascii=False))
        return 0
    queries = [(dash_path + ": " + w, e) for w, e in dashboard_queries(dash)]
    for p in others:
        queries += rule_queries(p)
    ok_names = allowed_names()
    used = set()
    for where, e in queries:
        if e is None:
            fail(f"{where}: a multi-line expression; keep it on one line so it can be checked")
            continue
        names, labels, problems = analyse(e)
        used |= names
        for n in sorted(names):
            if n not in ok_names and not n.startswith(OTHER_PREFIXES):
                fail(f"{where}: metric {n} is not in the contract ({e})")
        for l in sorted(labels - LABELS):
            fail(f"{where}: label {l} is not in the contract ({e})")
        for pr in problems:
            fail(f"{where}: {pr}")
    if mode == "names":
        for n in sorted(used):
            print(n)
        return 1 if failures else 0
    npanels = check_dashboard_shape(dash, fail)
    for f_ in failures:
        print("FAIL: " + f_)
    if failures:
        return 1
    print(f"PASS: {len(queries)} expressions ({npanels} panels of {dash_path}, {', '.join(others) or 'no rule files'}) "
          f"use only the contract's {len(used)} metric names: {' '.join(sorted(used))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
