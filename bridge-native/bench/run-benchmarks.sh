#!/usr/bin/env bash
# Benchmarks of the C ABI (not tests: they print figures, the baseline is measured in the same run).
#
#   bridge-native/bench/run-benchmarks.sh            all three, ~4 minutes
#   bridge-native/bench/run-benchmarks.sh calls|cold|memory|addrspace
#
#   calls   lmx_execute + lmx_result ("version", "status": no network) vs CommandSession.execute +
#           result in Java in the same VM (and NativeEntry with byte[] from Java); median of rounds.
#   cold    a fresh process each run: dlopen + lmx_open + first answer, with the shipped
#           class-data-sharing archive (loymax-bridge.jsa), without it (JDK's default CDS only), vs
#           `java -cp … Hello` with the library's flags (whole process, start to exit).
#   memory  VmRSS the VM adds to the host (before the first lmx_open vs after open + 1,000 calls) and
#           the per-call cost for candidate option sets: the trade-off table.
#   addrspace  a Windows x86 and x64 register process under wine (bench/lmx_addrspace.c) through the
#           host engine: address space used, largest free block, private commit and working set
#           before the library is loaded (the baseline), loaded, open, after 1,200 calls, closed.
#           Not part of "all" (it needs wine with 32-bit support).
#
# Needs dist/linux-x64 from `mvn -B package` (LMX_PLATFORMS=linux-x64 is enough).  Environment:
#   LMX_BENCH_DIST  the folder with libloymax_bridge.so (default <repo>/dist/linux-x64)
#   COLD_RUNS (10), CALL_ROUNDS (7), CALLS (20000)
#   LMX_BENCH_URL   a running emulator's register URL: cold's network command is answered (default: a refused port)
#   LMX_BENCH_DATA  a data folder kept across cold runs (default: a new one per run)
#   COLD_ALL=0      cold: only the shipped archive and Hello (not JDK-CDS-only and CDS-off)
# calls and cold end with "figure:" lines (abi_overhead_us; cold_start_ratio, rss_added_mb), read by scripts/bench.sh.
# On 2 shared cores the figures are noisy: every figure is a median; cpu = user+sys of the process.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DIST=$(cd "${LMX_BENCH_DIST:-$ROOT/dist/linux-x64}" && pwd -P)
LIB=$DIST/libloymax_bridge.so
OUT=$ROOT/bridge-native/target/bench
COLD_RUNS=${COLD_RUNS:-10}
CALL_ROUNDS=${CALL_ROUNDS:-7}
CALLS=${CALLS:-20000}
WHAT=${1:-all}

# addrspace: Windows register processes of both bitnesses under wine, through the host engine (needs
# dist/windows-x86, dist/windows-x64 and dist/loymax-bridge.jar; wine and 32-bit wine)
if [ "$WHAT" = addrspace ]; then
  . "$ROOT/scripts/lib/wine.sh"
  W=$OUT/addrspace
  rm -rf "$W" && mkdir -p "$W"
  for a in x86 x64; do
    wine_available "$a" || { echo "addrspace: $a cannot run here: $WINE_WHY" >&2; exit 1; }
    [ "$a" = x86 ] && cc=i686-w64-mingw32-gcc || cc=x86_64-w64-mingw32-gcc
    mkdir -p "$W/$a"
    "$cc" -O2 -Wall -Wextra -Wno-cast-function-type -o "$W/$a/lmx_addrspace.exe" "$HERE/lmx_addrspace.c" -lpsapi -static-libgcc
    cp "$ROOT/dist/windows-$a/loymax_bridge.dll" "$W/$a/"
  done
  wine_prefix_init "$W/prefix" || { echo "addrspace: wineboot failed" >&2; exit 1; }
  cat >"$W/run.sh" <<'RUN'
W=$1
. "$2/scripts/lib/wine.sh"
t="$(winpath "$LMX_TEST_TOKEN_UNIX")"
t="${t//\\/\\\\}"
printf '{"engine":"host","hostAddress":"127.0.0.1:%s","tokenFile":"%s","url":"http://127.0.0.1:%s/","partner":"demo-partner","login":"reg01","password":"secret","dataDir":"%s"}' \
  "$LMX_TEST_HOST_PORT" "$t" "$LMX_TEST_EMU_PORT" "$LMX_TEST_REGDATA" >"$W/config.json"
for a in x86 x64; do
  echo "== Windows $a register process, host engine"
  (cd "$W/$a" && "$(wine_loader $a)" lmx_addrspace.exe "$(winpath "$W/config.json")" 1000) | tr -d '\r'
done
RUN
  bash "$ROOT/bridge-native/tests/host_fixture.sh" "$ROOT/dist/loymax-bridge.jar" bash "$W/run.sh" "$W" "$ROOT"
  wineserver -k 2>/dev/null
  exit 0
fi

[ -f "$LIB" ] || { echo "no $LIB: run mvn -B package first" >&2; exit 1; }
if [ -n "${JAVA_HOME:-}" ] && [ -f "$JAVA_HOME/include/jni.h" ]; then JH=$JAVA_HOME
else JH=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")"); fi
mkdir -p "$OUT"
cc -O2 -Wall -I"$HERE/../include" -I"$JH/include" -I"$JH/include/linux" "$HERE/lmx_bench.c" -o "$OUT/lmx_bench" -ldl
"$JH/bin/javac" -nowarn -d "$OUT" -cp "$DIST/loymax-bridge.jar" "$HERE/LmxBenchJava.java" "$HERE/Hello.java"
BENCH=$OUT/lmx_bench
NO_JSA="-XX:SharedArchiveFile=$JH/lib/server/classes.jsa" # a later option wins: the JDK's own archive only
LIBFLAGS="-Xrs -XX:-MaxFDLimit -Xmx64m -Xmn4m -Xss1m -XX:+UseSerialGC -XX:TieredStopAtLevel=1" # the library's own (src/lmx_jvm.c)

med() { sort -n | awk '{v[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print v[(NR+1)/2]; else printf "%.1f\n", (v[NR/2]+v[NR/2+1])/2}'; }
field() { sed -n "s/.* $1=\([0-9.-]*\).*/\1/p"; }

# cold_lmx <label> <jvm options> [file [hello]] : COLD_RUNS fresh processes (with LMX_BENCH_DATA, one untimed
# run first creates the queue file there: the runs then measure a register's every start after its first).
# "hello": each run is followed by one `java … Hello` (into cold-java.txt), so the two medians of the
# cold_start_ratio are taken under the same load (on shared cores, batches run minutes apart differ by 3x)
cold_lmx() {
  local label=$1 opts=$2 f=${3:-$OUT/cold.txt} hello=${4:-} i
  : >"$f"
  [ -z "${LMX_BENCH_DATA:-}" ] || LMX_BENCH_JVMOPTS="$opts" "$BENCH" "$LIB" cold >/dev/null 2>&1 || true
  for i in $(seq "$COLD_RUNS"); do
    LMX_BENCH_JVMOPTS="$opts" "$BENCH" "$LIB" cold 2>/dev/null | grep RESULT >>"$f"
    [ -z "$hello" ] || hello_once >>"$OUT/cold-java.txt"
  done
  printf "| %-44s | %8s | %8s | %8s | %8s | %8s |\n" "$label" "$(field process_to_answer_ms <"$f" | med)" \
    "$(field process_to_answer_ms <"$f" | sort -n | head -1)" "$(field cpu_ms <"$f" | med)" \
    "$(field added_kb <"$f" | med | awk '{printf "%.1f", $1/1024}')" \
    "$(field added_after_network_kb <"$f" | med | awk '{printf "%.1f", $1/1024}')"
}

# one `java … Hello` with the library's flags, start to exit, in ms
hello_once() {
  local t0 t1
  t0=$(date +%s%N)
  "$JH/bin/java" -Xshare:auto $LIBFLAGS -cp "$OUT" Hello >/dev/null
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000))
}

# the Hello row: from the runs interleaved with cold_lmx … hello, else COLD_RUNS of its own
cold_java() {
  local f=$OUT/cold-java.txt i
  [ -s "$f" ] || for i in $(seq "$COLD_RUNS"); do hello_once; done >"$f"
  printf "| %-44s | %8s | %8s | %8s | %8s | %8s |\n" "java $LIBFLAGS -cp … Hello (start to exit)" "$(med <"$f")" "$(sort -n "$f" | head -1)" "-" "-" "-"
}

calls() {
  local f=$OUT/calls.txt
  echo "## per call: C ABI vs Java in the same VM ($CALL_ROUNDS rounds x $CALLS calls, medians, ns per execute+result)"
  LMX_BENCH_JVMOPTS="${1:-}" "$BENCH" "$LIB" calls "$CALL_ROUNDS" "$CALLS" "$OUT" | grep RESULT >"$f"
  while read -r _ _ cmd rest; do
    echo "| $cmd | C ABI $(echo " $rest" | field c_abi_ns) | Java CommandSession $(echo " $rest" | field java_session_ns) | Java NativeEntry(byte[]) $(echo " $rest" | field java_nativeentry_ns) | overhead (ABI - Java) $(echo " $rest" | field overhead_ns) |"
  done <"$f"
  # the figure: the larger of the two commands' overheads, in microseconds
  echo "figure: abi_overhead_us $(field overhead_ns <"$f" | sort -n | tail -1 | awk '{printf "%.1f", ($1 < 0 ? 0 : $1) / 1000}')"
}

cold() {
  local lmx=$OUT/cold-shipped.txt
  echo "## cold start, $COLD_RUNS fresh processes each (ms; RSS added by the VM in MB: after open + 1,000 calls, then after a network command)"
  echo "## data folder: ${LMX_BENCH_DATA:-a new one per run, as at a first start}; network command: ${LMX_BENCH_URL:+answered by }${LMX_BENCH_URL:-a refused port}"
  printf "| %-44s | %8s | %8s | %8s | %8s | %8s |\n" "what" "median" "best" "cpu" "+RSS MB" "+net MB"
  echo "|---|---|---|---|---|---|"
  : >"$OUT/cold-java.txt"
  if [ -f "$DIST/loymax-bridge.jsa" ]; then cold_lmx "lmx_open + first answer, shipped archive" "" "$lmx" hello
  else cold_lmx "(no loymax-bridge.jsa in $DIST) lmx_open + first answer" "" "$lmx" hello; fi
  [ "${COLD_ALL:-1}" = "0" ] || cold_lmx "lmx_open + first answer, JDK default CDS only" "$NO_JSA"
  [ "${COLD_ALL:-1}" = "0" ] || cold_lmx "lmx_open + first answer, CDS off" "-Xshare:off"
  cold_java
  echo "figure: cold_start_ratio $(awk -v a="$(field process_to_answer_ms <"$lmx" | med)" -v b="$(med <"$OUT/cold-java.txt")" 'BEGIN {printf "%.2f", a / b}')"
  echo "figure: rss_added_mb $(field added_after_network_kb <"$lmx" | med | awk '{printf "%.1f", $1/1024}')"
}

memory() {
  local label opts
  echo "## memory and per-call cost by option set ($COLD_RUNS cold runs; calls: $CALL_ROUNDS x $CALLS)"
  echo "| jvmOptions added to the defaults | +RSS MB | cold ms | cpu ms | version ns | status ns |"
  echo "|---|---|---|---|---|---|"
  while IFS='|' read -r label opts; do
    local f=$OUT/mem.txt c v s i
    : >"$f"
    for i in $(seq "$COLD_RUNS"); do LMX_BENCH_JVMOPTS="$opts" "$BENCH" "$LIB" cold 2>/dev/null | grep RESULT >>"$f"; done
    c=$(LMX_BENCH_JVMOPTS="$opts" "$BENCH" "$LIB" calls "$CALL_ROUNDS" "$CALLS" "$OUT" | grep RESULT)
    v=$(echo "$c" | grep " version " | field c_abi_ns)
    s=$(echo "$c" | grep " status " | field c_abi_ns)
    echo "| $label | $(field added_kb <"$f" | med | awk '{printf "%.1f", $1/1024}') | $(field process_to_answer_ms <"$f" | med) | $(field cpu_ms <"$f" | med) | $v | $s |"
  done <<LIST
(defaults: -Xmn4m since this benchmark)|
-Xmn21m (the JVM's own young gen here: before)|-Xmn21m
-XX:TieredStopAtLevel=1 (C1 only)|-XX:TieredStopAtLevel=1
C1 + -XX:CICompilerCount=1|-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1
-XX:ReservedCodeCacheSize=16m|-XX:ReservedCodeCacheSize=16m
-Xss256k|-Xss256k
-XX:-UsePerfData|-XX:-UsePerfData
C1 + -XX:-UsePerfData|-XX:TieredStopAtLevel=1 -XX:-UsePerfData
(no archive) defaults|$NO_JSA
-Dslf4j.provider=NOP (no logback: no log file!)|-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider
LIST
}

echo "# bridge-native benchmarks — $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JH/bin/java" -version 2>&1 | sed -n 2p)"
echo "# library: $LIB (archive: $([ -f "$DIST/loymax-bridge.jsa" ] && echo yes || echo no))"
case "$WHAT" in
  calls) calls ;;
  cold) cold ;;
  memory) memory ;;
  all) calls; cold; memory ;;
  *) echo "usage: $0 [all|calls|cold|memory]" >&2; exit 2 ;;
esac
