#!/usr/bin/env bash
# Every benchmark of the bridge in one run, each against its baseline measured in the same run.
# Benchmarks, not tests: they print figures; docs/performance.md says what they mean and where the
# time and memory go.
#
#   scripts/bench.sh              build what is needed, then run everything (3-4 minutes on 2 shared cores)
#   scripts/bench.sh --no-build   use the dist/ already built (mvn package, linux-x64)
#
# Builds with Maven (bridge-java core, emulator, cli and bridge-native for linux-x64 only, no tests):
# dist/loymax-bridge.jar and dist/linux-x64 (library, class-data-sharing archive). Needs the java and
# native toolchains (scripts/toolchains.sh --install base java native).
#
# Figures, with their goals (issue 16):
#   calculate_p50_ratio  10-line Calculate through the bridge vs a raw HttpClient POST of the same XML
#                        to the emulator, p50, interleaved call by call           goal <= 1.10
#   enqueue_ratio        plain SQLite insert+commit rate / durable offline enqueue rate (bridge
#                        discount while offline), same WAL and synchronous=FULL     goal <= 1.5
#   replay_percent       replay rate of 10,000 queued purchases in percent of the emulator's serial rate
#                        from a plain client                                        goal >= 80
#   cold_start_ratio     fresh process: lmx_open + first answer vs `java … Hello` with the library's
#                        flags, medians of runs interleaved one by one              goal <= 3
#   rss_added_mb         VmRSS the in-process VM adds: after open + 1,000 calls + a network command
#                        answered by the emulator, median                           goal <= 48
#   abi_overhead_us      lmx_execute+lmx_result vs CommandSession.execute+result in the same VM  goal < 10
# The output ends with one "figure: <name> <value>" line per figure.
#
# Environment: BENCH_OUT (default target/bench) keeps every part's full output; CALLS, CALL_ROUNDS,
# COLD_RUNS pass to bridge-native/bench/run-benchmarks.sh; REPLAY_N (10000), ENQUEUE_N (3000),
# CALC_N (3000).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=${BENCH_OUT:-$ROOT/target/bench}
mkdir -p "$OUT"
JAR=$ROOT/dist/loymax-bridge.jar
load() { cut -d' ' -f1-3 /proc/loadavg; }
started=$(date +%s)

if [ "${1:-}" != "--no-build" ]; then
  echo "== build: bridge-java core, emulator, cli; bridge-native linux-x64 (no tests)"
  LMX_PLATFORMS=linux-x64 LMX_FUZZ=0 mvn -B -ntp -q package -DskipTests -Dlmx.fuzz.skip=true \
    -pl bridge-java/core,bridge-java/emulator,bridge-java/cli,bridge-native >"$OUT/build.log" 2>&1 \
    || { tail -40 "$OUT/build.log" >&2; echo "bench: the build failed (full log: $OUT/build.log)" >&2; exit 1; }
fi
[ -f "$JAR" ] && [ -f "$ROOT/dist/linux-x64/libloymax_bridge.so" ] \
  || { echo "bench: dist/loymax-bridge.jar or dist/linux-x64 is missing: run without --no-build" >&2; exit 1; }

echo "# Loymax bridge benchmarks — $(date -u +%FT%TZ), $(nproc) cores, load at start $(load)"
echo "# $(java -version 2>&1 | sed -n 2p); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"

# part <name> <command…>: runs one benchmark, shows its output, keeps it in $OUT/<name>.txt
part() {
  local name=$1
  shift
  echo
  echo "== $name (load $(load))"
  "$@" 2>"$OUT/$name.err" | tee "$OUT/$name.txt" || { cat "$OUT/$name.err" >&2; echo "bench: $name failed" >&2; exit 1; }
}

part calculate java -jar "$JAR" bench calculate --iterations "${CALC_N:-3000}"
part enqueue java -jar "$JAR" bench enqueue --iterations "${ENQUEUE_N:-3000}"
part replay java -jar "$JAR" bench replay --iterations "${REPLAY_N:-10000}"

# the native parts: the network command of the cold runs is answered by an emulator of its own
: >"$OUT/emulator.txt"   # before the emulator's own redirection, which may come after the first read below
java -jar "$JAR" emulator --port 0 >"$OUT/emulator.txt" 2>&1 &
emu=$!
trap 'kill "$emu" 2>/dev/null || true' EXIT
port=""
for _ in $(seq 100); do
  port=$(sed -n 's|.* on http://127.0.0.1:\([0-9]*\).*|\1|p' "$OUT/emulator.txt" | head -1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$OUT/emulator.txt" >&2; echo "bench: the emulator did not start" >&2; exit 1; }
export LMX_BENCH_URL="http://127.0.0.1:$port/XmlExchange/demo-partner/reg01/"
rm -rf "$OUT/cold-data"
export LMX_BENCH_DATA=$OUT/cold-data COLD_ALL=0
part calls bridge-native/bench/run-benchmarks.sh calls
part cold bridge-native/bench/run-benchmarks.sh cold

echo
echo "== summary ($(($(date +%s) - started)) s, load at the end $(load))"
figures=$(cat "$OUT"/{calculate,enqueue,replay,cold,calls}.txt | grep '^figure: ')
printf "| %-20s | %8s | %-8s | %s |\n" "figure" "value" "goal" "met"
echo "|---|---|---|---|"
while read -r _ name value; do
  case "$name" in
    calculate_p50_ratio) goal="<= 1.10" ok=$(awk -v v="$value" 'BEGIN {print (v <= 1.10) ? "yes" : "no"}') ;;
    enqueue_ratio) goal="<= 1.5" ok=$(awk -v v="$value" 'BEGIN {print (v <= 1.5) ? "yes" : "no"}') ;;
    replay_percent) goal=">= 80" ok=$(awk -v v="$value" 'BEGIN {print (v >= 80) ? "yes" : "no"}') ;;
    cold_start_ratio) goal="<= 3" ok=$(awk -v v="$value" 'BEGIN {print (v <= 3) ? "yes" : "no"}') ;;
    rss_added_mb) goal="<= 48" ok=$(awk -v v="$value" 'BEGIN {print (v <= 48) ? "yes" : "no"}') ;;
    abi_overhead_us) goal="< 10" ok=$(awk -v v="$value" 'BEGIN {print (v < 10) ? "yes" : "no"}') ;;
    *) goal="?" ok="?" ;;
  esac
  printf "| %-20s | %8s | %-8s | %s |\n" "$name" "$value" "$goal" "$ok"
done <<<"$figures"
echo
echo "$figures"
