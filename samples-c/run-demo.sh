#!/usr/bin/env bash
# The C register demo end to end, online and with processing cut off:
#   1. starts the Loymax emulator (state in a SQLite file) and runs `lmx_demo online`: a purchase
#      with a printed cheque;
#   2. stops the emulator for real and runs `lmx_demo offline`: two sales while processing is
#      unreachable (accruals queued, a bonus payment refused with the cashier's message);
#   3. restarts the emulator on the same port with the same database and runs `lmx_demo replay`:
#      the bridge forwards the queue by itself; the emulator's ledger (/admin/ledger) must show each
#      offline sale exactly once, without a discount (the receipts had none), and the balance moved by
#      exactly those accruals.
# All phases use one register configuration and one data folder (the offline queue lives there).
#   samples-c/run-demo.sh         after: mvn -B package -DskipTests
# Exit status 0 when all three phases printed PASS.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

"$root/samples-c/build.sh" >/dev/null

work="$(mktemp -d "${TMPDIR:-/tmp}/lmx-demo.XXXXXX")"
emu_pid=""
stop_emulator() {
  if [[ -n "$emu_pid" ]]; then kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true; emu_pid=""; fi
}
cleanup() { stop_emulator; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 143' TERM INT      # so that the emulator is stopped also when the demo is interrupted

# start_emulator PORT: the emulator on 127.0.0.1:PORT (0 = a free one) with its state in $work/emulator.db;
# sets emu_pid and url
start_emulator() {
  local log="$work/emulator-$((++emu_starts)).out"
  : >"$log"   # before the emulator's own redirection, which may come after the first read below
  java -jar dist/loymax-bridge.jar emulator --port "$1" --db "$work/emulator.db" >"$log" 2>&1 </dev/null &
  emu_pid=$!
  url=""
  for _ in $(seq 1 300); do     # up to 30 s
    url="$(sed -n 's/^Loymax emulator .* on \(http:[^ ]*\).*/\1/p' "$log" | head -1)"
    [[ -n "$url" ]] && return 0
    kill -0 "$emu_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$log" >&2; echo "run-demo.sh: the emulator did not start on port $1" >&2; exit 1
}

# phase NAME: runs lmx_demo NAME in $work (it keeps its small register journal there); stops on failure
phase() {
  local rc=0
  (cd "$work" && "$root/dist/linux-x64/lmx_demo" "$1" "$config") || rc=$?
  if [[ $rc -ne 0 ]]; then echo "run-demo.sh: phase \"$1\" failed (exit status $rc)" >&2; exit $rc; fi
}

emu_starts=0
start_emulator 0                      # a free port, kept for the restart: the register's URL does not change
port="${url##*:}"
# the auditor's view: the demo judges its totals by processing's own ledger, never by the bridge's answers
export LMX_DEMO_LEDGER="$url/admin/ledger"
echo "Loymax emulator on $url (demo register demo-partner/reg01), state in a SQLite file"
# Short timeouts so that a sale never waits long for a processing that is gone; a short probe
# interval so that the demo does not wait long for the return of the link (defaults: 3 s, 10 s, 30 s).
config="{\"url\":\"$url\",\"partner\":\"demo-partner\",\"login\":\"reg01\",\"password\":\"secret\",\
\"dataDir\":\"$work/data\",\"connectTimeoutMs\":1000,\"readTimeoutMs\":3000,\"probeIntervalMs\":1000}"

echo
echo "=== 1. Online: a purchase ======================================================================"
phase online

echo
echo "=== 2. The link to processing is cut (emulator stopped) ========================================="
stop_emulator
phase offline

echo
echo "=== 3. The link is back (emulator restarted on port $port with the same database) =============="
start_emulator "$port"
phase replay
