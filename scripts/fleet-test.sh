#!/usr/bin/env bash
# The fleet files of docs/fleet/ against a real Prometheus and a real host (issue 17, docs/fleet.md):
#   rules        promtool check rules + promtool test rules (every alert rule firing and not firing)
#   dashboard    scripts/lib/fleet_queries.py: the Grafana dashboard is valid JSON and its PromQL (and the
#                rules') uses only the metric contract's names and labels
#   scrape       the emulator, `loymax-bridge host --metrics-port N` with one register against it (bearer
#                token on), and a Prometheus started by this script with docs/fleet/prometheus.yml itself
#                (paths moved to a temp folder, intervals 1 s): the target is up; /metrics refuses a
#                scrape without the token; `promtool check metrics` accepts the exposition
#   online       a balance through the host: Prometheus shows the register online and the call counted
#   offline      the emulator stopped, a sale queued through the host (as a register program does,
#                "engine":"host"): Prometheus's query API shows lmx_bridge_register_online 0, one queued
#                item of the sale's amount, and the rule LoymaxRegisterOffline pending for that register
#   queries      every expression of the dashboard runs on Prometheus; every metric name the dashboard
#                and the rules use is one the host really exposes
#   replay       the emulator back on the same port: the queue drains (Prometheus shows it), and the
#                emulator's ledger (the independent oracle) has the sale exactly once
# Prints PASS/FAIL lines and the figures for docs/fleet.md's scale estimate; the last line is
# "N passed, N failed"; exit status 1 on any failure. Every process it starts is stopped on exit.
#
#   scripts/fleet-test.sh       after: mvn -B package -DskipTests   (needs dist/loymax-bridge.jar)
#                               and:   scripts/toolchains.sh --install prometheus
#   LMX_STRICT=1 scripts/fleet-test.sh   (what ./test.sh --strict, CI, runs) a missing prometheus/promtool
#                               is a failure; otherwise the parts that need them are skipped (SKIP lines)
# The Prometheus of this test runs on a free loopback port with its own data folder: it neither uses
# nor disturbs a Prometheus service of the machine (Debian's package may start one on port 9090).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

fleet=docs/fleet
jar=dist/loymax-bridge.jar
work="$(mktemp -d "${TMPDIR:-/tmp}/lmx-fleet.XXXXXX")"
logs="$root/target/fleet-test"
rm -rf "$logs" && mkdir -p "$logs"

strict="${LMX_STRICT:-0}"
passed=0 failed=0 skipped=0
t_start=$(date +%s)
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() {
  failed=$((failed + 1)); echo "FAIL $1"
  if [[ -n "${2:-}" && -f "$2" ]]; then echo "---- last lines of $2"; tail -n 20 "$2" | sed 's/^/    /'; echo "----"; fi
}

emu_pid="" host_pid="" prom_pid=""
stop() {   # stop PID: TERM, then KILL after 10 s
  local pid="$1"
  [[ -n "$pid" ]] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}
cleanup() {
  stop "$prom_pid"; stop "$host_pid"; stop "$emu_pid"
  prom_pid="" host_pid="" emu_pid=""
  cp -r "$work"/*.log "$work"/prom/prometheus.yml "$logs"/ 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT
missing_tool() {   # what cannot run, the missing command
  if [[ "$strict" == 1 ]]; then fail "$1: $2 is not installed (strict mode; scripts/toolchains.sh --install prometheus)"
  else skipped=$((skipped + 1)); echo "SKIP $1: $2 is not installed (scripts/toolchains.sh --install prometheus)"; fi
}
finish() {
  echo "  total $(( $(date +%s) - t_start )) s; logs in $logs"
  if [[ $skipped -gt 0 ]]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
  [[ $failed -eq 0 ]] && exit 0 || exit 1
}

# wait_until SECONDS COMMAND...: runs COMMAND every 0.25 s until it succeeds; 1 when time ran out
wait_until() {
  local limit=$(( $(date +%s) + $1 )); shift
  while true; do
    "$@" && return 0
    [[ $(date +%s) -ge $limit ]] && return 1
    sleep 0.25
  done
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# ---- 1. static checks: the rules and the dashboard -------------------------------------------------
have_prom=1
command -v promtool >/dev/null && command -v prometheus >/dev/null || have_prom=0
if [[ $have_prom -eq 0 ]]; then
  missing_tool "rules (promtool check rules, promtool test rules)" "Debian's prometheus package"
elif promtool check rules "$fleet/loymax-bridge.rules.yml" >"$logs/check-rules.log" 2>&1; then
  pass "rules: promtool check rules $fleet/loymax-bridge.rules.yml ($(grep -o '[0-9]* rules found' "$logs/check-rules.log"))"
else fail "rules: promtool check rules" "$logs/check-rules.log"; fi
if [[ $have_prom -eq 1 ]]; then
  if promtool test rules "$fleet/loymax-bridge.rules.test.yml" >"$logs/test-rules.log" 2>&1; then
    pass "rules: promtool test rules $fleet/loymax-bridge.rules.test.yml"
  else fail "rules: promtool test rules" "$logs/test-rules.log"; fi
fi
# every rule of the rule file has a test of its alert
rules_untested=""
for a in $(sed -n 's/^ *- alert: *\([A-Za-z0-9_]*\).*/\1/p' "$fleet/loymax-bridge.rules.yml"); do
  grep -q "alertname: $a\$" "$fleet/loymax-bridge.rules.test.yml" || rules_untested+=" $a"
done
if [[ -z "$rules_untested" ]]; then pass "rules: every alert rule has unit tests"
else fail "rules: alert rules without a unit test:$rules_untested"; fi
if python3 scripts/lib/fleet_queries.py check "$fleet/grafana-dashboard.json" "$fleet/loymax-bridge.rules.yml" \
     "$fleet/loymax-bridge.rules.test.yml" >"$logs/queries.log" 2>&1; then
  pass "dashboard: $(sed 's/^PASS: //' "$logs/queries.log" | cut -c1-200)…"
else fail "dashboard: scripts/lib/fleet_queries.py check" "$logs/queries.log"; fi

# ---- 2. the emulator, the host with metrics, a Prometheus with the shipped configuration ------------
if [[ $have_prom -eq 0 ]]; then missing_tool "the host scraped by a real Prometheus" "Debian's prometheus package"; finish; fi
if [[ ! -f "$jar" ]]; then fail "setup: $jar is missing: run mvn -B package -DskipTests first"; finish; fi
for c in curl python3 java; do
  command -v "$c" >/dev/null || { fail "setup: $c is not installed (scripts/toolchains.sh --install prometheus)"; finish; }
done

start_emulator() {   # PORT: the emulator on 127.0.0.1:PORT (0 = a free one), state in $work/emulator.db; sets emu_pid, url
  local log="$work/emulator-$((++emu_starts)).log"
  java -jar "$jar" emulator --port "$1" --db "$work/emulator.db" >"$log" 2>&1 </dev/null &
  emu_pid=$!
  url=""
  for _ in $(seq 1 300); do
    url="$(sed -n 's/^Loymax emulator .* on \(http:[^ ]*\).*/\1/p' "$log" | head -1)"
    [[ -n "$url" ]] && return 0
    kill -0 "$emu_pid" 2>/dev/null || break
    sleep 0.1
  done
  fail "setup: the emulator did not start on port $1" "$log"
  return 1
}
emu_starts=0
start_emulator 0 || finish
emu_port="${url##*:}"

partner=demo-partner register=reg01 shop=msk-012
sel="partner=\"$partner\",register=\"$register\",shop=\"$shop\""
mkdir -p "$work/prom/loymax-bridge.d" "$work/data"
# the metrics token: the file Prometheus reads (credentials_file) and the host enforces (metricsTokenFile)
python3 -c 'import secrets; print(secrets.token_hex(32))' >"$work/prom/loymax-bridge.token"
chmod 600 "$work/prom/loymax-bridge.token"
metrics_port="$(free_port)"
cat >"$work/register.json" <<EOF
{"url":"$url","partner":"$partner","login":"$register","password":"secret","shop":"$shop",
 "dataDir":"$work/data","connectTimeoutMs":1000,"readTimeoutMs":3000,"probeIntervalMs":1000,
 "metricsTokenFile":"$work/prom/loymax-bridge.token","logFormat":"json"}
EOF
java -jar "$jar" host --config "$work/register.json" --port 0 --token-file "$work/host.token" \
  --metrics-port "$metrics_port" >"$work/host.log" 2>&1 </dev/null &
host_pid=$!
host_up_or_gone() { grep -q '^host listening on' "$work/host.log" || ! kill -0 "$host_pid" 2>/dev/null; }
if ! wait_until 30 host_up_or_gone || ! grep -q '^host listening on' "$work/host.log"; then
  fail "setup: the host did not start" "$work/host.log"; finish
fi
host_port="$(sed -n 's/^host listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/host.log")"
metrics="http://127.0.0.1:$metrics_port/metrics"
if ! wait_until 15 curl -sf -o /dev/null -H "Authorization: Bearer $(cat "$work/prom/loymax-bridge.token")" "$metrics"; then
  fail "setup: the host does not serve $metrics" "$work/host.log"; finish
fi

# docs/fleet/prometheus.yml as shipped, its /etc/prometheus paths moved to $work/prom, intervals 1 s
prom_port="$(free_port)"
sed -e "s#/etc/prometheus/#$work/prom/#g" -e 's/scrape_interval: 30s/scrape_interval: 1s/' \
    -e 's/scrape_timeout: 10s/scrape_timeout: 1s/' -e 's/evaluation_interval: 30s/evaluation_interval: 1s/' \
    "$fleet/prometheus.yml" >"$work/prom/prometheus.yml"
cp "$fleet/loymax-bridge.rules.yml" "$work/prom/"
printf -- '- targets: ["127.0.0.1:%s"]\n  labels:\n    region: test\n' "$metrics_port" >"$work/prom/loymax-bridge.d/test.yml"
if grep -v '^ *#' "$work/prom/prometheus.yml" | grep -q -e /etc/prometheus -e 30s -e 10s; then
  fail "setup: $fleet/prometheus.yml changed: the test could not move its paths and intervals (see $logs/prometheus.yml)"; finish
fi
if promtool check config "$work/prom/prometheus.yml" >"$logs/check-config.log" 2>&1; then
  pass "scrape: promtool check config accepts $fleet/prometheus.yml (paths and intervals moved)"
else fail "scrape: promtool check config" "$logs/check-config.log"; fi
prometheus --config.file="$work/prom/prometheus.yml" --storage.tsdb.path="$work/prom/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 </dev/null &
prom_pid=$!
api="http://127.0.0.1:$prom_port/api/v1"

# q EXPR: the instant query's result, one "value" line per series (labels sorted: {k=v,…} value)
q() {
  local body
  body="$(curl -s --max-time 5 --get --data-urlencode "query=$1" "$api/query")" && [[ -n "$body" ]] || return 1
  python3 -c '
import json, sys
r = json.load(sys.stdin)
if r.get("status") != "success": print("ERROR", r.get("error")); sys.exit(1)
res = r["data"]["result"]
if r["data"]["resultType"] == "scalar": print(res[1]); sys.exit(0)
for s in res: print("{" + ",".join(k + "=" + v for k, v in sorted(s["metric"].items())) + "} " + s["value"][1])' <<<"$body"
}
# is EXPR OP NUMBER: every series of EXPR (at least one) compares so
is() {
  local out
  out="$(q "$1")" || return 1
  [[ -n "$out" ]] || return 1
  awk -v op="$2" -v want="$3" '{ v = $NF + 0; ok = (op == "==" ? v == want : op == ">=" ? v >= want : op == ">" ? v > want : 0); if (!ok) bad = 1 } END { exit bad }' <<<"$out"
}
show() { q "$1" | head -5 | tr '\n' ' '; }

if wait_until 30 is "up{job=\"loymax-bridge\",instance=\"127.0.0.1\",region=\"test\"}" == 1; then
  pass "scrape: Prometheus scrapes the host (up{job=\"loymax-bridge\",instance=\"127.0.0.1\"} = 1: file_sd, bearer token from credentials_file, instance relabelled)"
else
  fail "scrape: the target is not up in Prometheus: $(curl -s "$api/targets" | head -c 600)" "$work/prometheus.log"; finish
fi

# the exposition itself: token enforced, promtool's lint, the figures for the scale estimate
code="$(curl -s -o /dev/null -w '%{http_code}' "$metrics")"
if [[ "$code" == 401 || "$code" == 403 ]]; then pass "scrape: /metrics without the token is refused (HTTP $code)"
else fail "scrape: /metrics without the token answered HTTP $code (a token file is set: it must be enforced)"; fi

# ---- 3. online: a balance through the host ------------------------------------------------------------
host_call() {   # COMMAND REQUEST: one call through the host, result JSON in $work/call-COMMAND.json
  java -cp "$jar" scripts/lib/HostCall.java "$host_port" "$work/host.token" "$work/register.json" "$1" "$2" \
    >"$work/call-$1.json" 2>"$work/call-$1.log"
}
if host_call balance '{"identifier":{"type":"phone","value":"79260000003"}}' && grep -q '"ok":true' "$work/call-balance.json"; then
  if wait_until 20 is "lmx_bridge_register_online{$sel}" == 1 \
     && wait_until 10 is "lmx_bridge_operations_total{$sel,command=\"balance\",outcome=\"ok\"}" '>=' 1; then
    pass "online: a balance through the host; Prometheus shows lmx_bridge_register_online{$sel} = 1 and the call counted (outcome ok)"
  else
    fail "online: Prometheus does not show the register online with its balance counted: online $(show "lmx_bridge_register_online"); operations $(show "lmx_bridge_operations_total")"
  fi
else
  fail "online: the balance through the host failed: $(cat "$work/call-balance.json")" "$work/call-balance.log"
fi

# the exposition once every kind of series has a sample: lint and the figures for docs/fleet.md
curl -s -H "Authorization: Bearer $(cat "$work/prom/loymax-bridge.token")" "$metrics" >"$logs/exposition.txt"
if promtool check metrics <"$logs/exposition.txt" >"$logs/check-metrics.log" 2>&1; then
  pass "scrape: promtool check metrics accepts the exposition ($(wc -c <"$logs/exposition.txt") bytes)"
else fail "scrape: promtool check metrics rejects the exposition" "$logs/check-metrics.log"; fi

# ---- 4. offline: the emulator stopped, a sale queued through the host ----------------------------------
stop "$emu_pid"; emu_pid=""
sale='{"identifier":{"type":"phone","value":"79260000003"},"cheque":{"number":"17","date":"2026-12-01T10:15:00",
"lines":[{"pos":1,"goodsId":"1001","name":"Молоко","price":"89.90","quantity":"2","amount":"179.80"},
{"pos":2,"goodsId":"1002","name":"Хлеб","price":"45.50","quantity":"1","amount":"45.50"}]}}'
amount=225.30
purchase=""
if host_call discount "$sale" && grep -q '"queued":true' "$work/call-discount.json"; then
  purchase="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["purchaseId"])' <"$work/call-discount.json")"
  pass "offline: with the emulator stopped the sale ($amount RUB) is queued through the host (purchase $purchase)"
else
  fail "offline: the sale was not queued: $(cat "$work/call-discount.json")" "$work/call-discount.log"
fi
# the JSON line of that sale, as docs/fleet.md ships it to Loki/ELK: time (RFC 3339), level, shop, queued,
# status, purchaseId; no card number or phone
if python3 - "$work/data/logs/operations.jsonl" "$purchase" "$shop" >"$work/jsonl.log" 2>&1 <<'EOF'
import datetime, json, sys
path, purchase, shop = sys.argv[1:4]
lines = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
sale = [o for o in lines if o.get("purchaseId") == purchase and o.get("command") == "discount"]
assert len(sale) == 1, f"{len(sale)} lines of the sale in {len(lines)}"
o = sale[0]
datetime.datetime.fromisoformat(o["time"])
assert o["level"] and o["shop"] == shop and o["queued"] is True and o["status"] == 0, o
text = open(path, encoding="utf-8").read()
assert "79260000003" not in text and "8690003" not in text, "a phone or card number in the JSON lines"
print(json.dumps(o, ensure_ascii=False))
EOF
then pass "offline: the sale's JSON line in operations.jsonl has the fields docs/fleet.md ships (time, level, shop, queued, status, purchaseId), no phone or card"
else fail "offline: the JSON line of the sale (\"logFormat\":\"json\")" "$work/jsonl.log"; fi
if wait_until 20 is "lmx_bridge_register_online{$sel}" == 0; then
  pass "offline: Prometheus shows lmx_bridge_register_online{$sel} = 0"
else fail "offline: Prometheus does not show the register offline: $(show "lmx_bridge_register_online")"; fi
if wait_until 20 is "lmx_bridge_queue_items{$sel,state=\"queued\"}" '>=' 1; then
  pass "offline: Prometheus shows lmx_bridge_queue_items{state=\"queued\"} = $(q "lmx_bridge_queue_items{$sel,state=\"queued\"}" | awk '{print $NF}')"
else fail "offline: Prometheus does not show the queued item: $(show "lmx_bridge_queue_items{$sel}")"; fi
if wait_until 10 is "lmx_bridge_queue_amount_rub{$sel,state=\"queued\"}" == "$amount"; then
  pass "offline: Prometheus shows lmx_bridge_queue_amount_rub{state=\"queued\"} = $amount, the sale's amount"
else fail "offline: the queued amount is not the sale's $amount: $(show "lmx_bridge_queue_amount_rub{$sel}")"; fi
if wait_until 10 is "lmx_bridge_queue_oldest_age_seconds{$sel}" '>' 0 \
   && wait_until 10 is "lmx_bridge_operations_total{$sel,command=\"discount\",outcome=\"queued\"}" '>=' 1; then
  pass "offline: the oldest item's age grows ($(q "lmx_bridge_queue_oldest_age_seconds{$sel}" | awk '{print $NF}') s) and the discount counts as outcome queued"
else fail "offline: age $(show "lmx_bridge_queue_oldest_age_seconds{$sel}"), operations $(show "lmx_bridge_operations_total{$sel}")"; fi
# a balance while offline is refused (status 100): an error of kind failed, without the command
host_call balance '{"identifier":{"type":"phone","value":"79260000003"}}'
if grep -q '"status":100' "$work/call-balance.json" \
   && wait_until 10 is "lmx_bridge_errors_total{$sel,kind=\"failed\"}" '>=' 1; then
  pass "offline: a balance is refused offline (status 100) and Prometheus counts it in lmx_bridge_errors_total{kind=\"failed\"}"
else fail "offline: the refused balance: $(cat "$work/call-balance.json"); errors $(show "lmx_bridge_errors_total{$sel}")"; fi
# the shipped rule, evaluated by this Prometheus on the real series: pending (it fires after 15 minutes)
if wait_until 10 is "ALERTS{alertname=\"LoymaxRegisterOffline\",alertstate=\"pending\",$sel,severity=\"warning\"}" == 1; then
  pass "offline: the rule LoymaxRegisterOffline is pending for $partner/$register (shop $shop)"
else fail "offline: LoymaxRegisterOffline is not pending: $(show 'ALERTS')"; fi

# the dashboard's own panels say the same (their queries as Grafana sends them, variables at "All")
panel() { python3 scripts/lib/fleet_queries.py expr "$fleet/grafana-dashboard.json" "$@"; }
if wait_until 10 is "$(panel 'Кассы без связи / Registers offline')" == 1 \
   && wait_until 10 is "$(panel 'Сумма очереди / Queued amount')" == "$amount" \
   && q "$(panel 'Кассы без связи: последний ответ процессинга / Offline registers: last answer from processing')" \
      | grep -q "register=$register,.*shop=$shop} [1-9]"; then
  pass "offline: the dashboard shows 1 register offline, $amount RUB queued, and $register in the offline table with its last answer"
else
  fail "offline: the dashboard's panels: offline $(show "$(panel 'Кассы без связи / Registers offline')"), amount $(show "$(panel 'Сумма очереди / Queued amount')"), table $(show "$(panel 'Кассы без связи: последний ответ процессинга / Offline registers: last answer from processing')")"
fi

# ---- 5. every dashboard query runs; every name used is exposed -------------------------------------------
qfail=0 qcount=0
while IFS= read -r expr; do
  qcount=$((qcount + 1))
  e="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]))' "$expr")"
  if ! q "$e" >/dev/null; then qfail=$((qfail + 1)); echo "    query failed: $e: $(q "$e" | head -1)"; fi
done < <(python3 scripts/lib/fleet_queries.py exprs "$fleet/grafana-dashboard.json")
if [[ $qfail -eq 0 && $qcount -gt 0 ]]; then pass "queries: the dashboard's $qcount expressions all run on Prometheus"
else fail "queries: $qfail of the dashboard's $qcount expressions fail on Prometheus"; fi

# ---- 6. the emulator back: the queue drains -------------------------------------------------------------
if start_emulator "$emu_port"; then
  if wait_until 30 is "lmx_bridge_queue_items{$sel,state=~\"queued|sent|retry\"}" == 0 \
     && wait_until 10 is "lmx_bridge_register_online{$sel}" == 1 \
     && wait_until 10 is "lmx_bridge_replayed_total{$sel,result=\"done\"}" '>=' 1; then
    pass "replay: emulator back; Prometheus shows the queue drained (queued/sent/retry 0), the register online and lmx_bridge_replayed_total{result=\"done\"} = $(q "lmx_bridge_replayed_total{$sel,result=\"done\"}" | awk '{print $NF}')"
  else
    fail "replay: the queue did not drain in Prometheus: items $(show "lmx_bridge_queue_items{$sel}"); online $(show "lmx_bridge_register_online{$sel}")" "$work/host.log"
  fi
  # the oracle: processing's own ledger has the sale exactly once
  n="$(curl -s --max-time 5 "$url/admin/ledger" | python3 -c '
import json, sys
ops = json.load(sys.stdin)["registers"].get(sys.argv[1], [])
print(sum(1 for o in ops if o["purchaseId"] == sys.argv[2] and o["command"] == "Discount"))' "$partner/$register" "$purchase")"
  if [[ -n "$purchase" && "$n" == 1 ]]; then pass "replay: the emulator's ledger has the queued sale exactly once"
  else fail "replay: the emulator's ledger has the sale $n times (want 1)"; fi
fi
p99="$(panel 'Время ответа процессинга / Processing latency' C)"
if wait_until 10 is "$(panel 'В очереди / Queued items')" == 0 && is "$p99" '>' 0; then
  pass "replay: the dashboard shows the queue empty and a processing latency p99 of $(q "$p99" | awk '{print $NF}') s"
else fail "replay: the dashboard's panels: queued $(show "$(panel 'В очереди / Queued items')"), p99 $(show "$p99")"; fi
# names: every metric the dashboard and the rules use is one the host exposes (after the replay, every
# counter has been touched)
names_missing=""
exposed="$(curl -s --max-time 5 "$api/label/__name__/values")"
for n in $(python3 scripts/lib/fleet_queries.py names "$fleet/grafana-dashboard.json" "$fleet/loymax-bridge.rules.yml"); do
  grep -q "\"$n\"" <<<"$exposed" || names_missing+=" $n"
done
if [[ -z "$names_missing" ]]; then pass "queries: every metric name of the dashboard and the rules is exposed by the host"
else fail "queries: used by the dashboard or the rules but not exposed by the host:$names_missing"; fi

# ---- 7. figures for docs/fleet.md's scale estimate: the exposition after every phase (all series present) ---
curl -s -H "Authorization: Bearer $(cat "$work/prom/loymax-bridge.token")" "$metrics" >"$logs/exposition-end.txt"
if promtool check metrics <"$logs/exposition-end.txt" >"$logs/check-metrics-end.log" 2>&1; then
  pass "scrape: promtool check metrics accepts the exposition after the replay ($(wc -c <"$logs/exposition-end.txt") bytes)"
else fail "scrape: promtool check metrics rejects the exposition after the replay" "$logs/check-metrics-end.log"; fi
# what Prometheus stored of it: the keep rule of docs/fleet/prometheus.yml drops the JVM detail
scraped="$(q 'scrape_samples_scraped{job="loymax-bridge"}' | awk '{print $NF}')"
kept="$(q 'scrape_samples_post_metric_relabeling{job="loymax-bridge"}' | awk '{print $NF}')"
if [[ -n "$scraped" && -n "$kept" ]] && (( kept < scraped )) \
   && [[ -z "$(q 'jvm_memory_pool_used_bytes{job="loymax-bridge"}')" && -n "$(q 'jvm_memory_used_bytes{job="loymax-bridge"}')" ]]; then
  pass "scrape: the keep rule stores $kept of the $scraped series scraped (JVM memory pools dropped, jvm_memory_used_bytes kept)"
else fail "scrape: the keep rule of metric_relabel_configs: scraped ${scraped:-?}, kept ${kept:-?}"; fi
gz="$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' \
      -H "Authorization: Bearer $(cat "$work/prom/loymax-bridge.token")" "$metrics")"
python3 - "$logs/exposition-end.txt" "$scraped" "$kept" "$gz" <<'EOF' | tee "$logs/figures.txt"
import sys
path, scraped, kept, gz = sys.argv[1:5]
lines = [l for l in open(path, encoding="utf-8") if l.strip() and not l.startswith("#")]
per_register = [l for l in lines if 'register="' in l]
ops = [l for l in per_register if l.startswith("lmx_bridge_operations_total")]
lmx_process = [l for l in lines if l.startswith("lmx_bridge_") and 'register="' not in l]
other = [l for l in lines if not l.startswith("lmx_bridge_")]
size = sum(len(l.encode()) for l in open(path, encoding="utf-8"))
print(f"figures: one host, one register: {len(lines)} series scraped = {len(per_register)} per register "
      f"({len(per_register) - len(ops)} always + {len(ops)} lmx_bridge_operations_total command/outcome pairs seen) "
      f"+ {len(lmx_process)} lmx_bridge_ per process + {len(other)} process/JVM; Prometheus kept {kept} of {scraped}; "
      f"{size} bytes per scrape ({gz} bytes gzip)")
EOF

finish
