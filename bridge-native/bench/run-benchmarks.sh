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
LIBFLAGS="-Xrs -Xmx64m -Xss1m -XX:+UseSerialGC"

med() { sort -n | awk '{v[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print v[(NR+1)/2]; else printf "%.1f\n", (v[NR/2]+v[NR/2+1])/2}'; }
field() { sed -n "s/.* $1=\([0-9.-]*\).*/\1/p"; }

# cold_lmx <label> <jvm options> : COLD_RUNS fresh processes
cold_lmx() {
  local label=$1 opts=$2 f=$OUT/cold.txt i
  : >"$f"
  for i in $(seq "$COLD_RUNS"); do LMX_BENCH_JVMOPTS="$opts" "$BENCH" "$LIB" cold 2>/dev/null | grep RESULT >>"$f"; done
  printf "| %-44s | %8s | %8s | %8s | %8s |\n" "$label" "$(field process_to_answer_ms <"$f" | med)" \
    "$(sort -t= -k2 -n "$f" | field process_to_answer_ms | head -1)" "$(field cpu_ms <"$f" | med)" \
    "$(field added_kb <"$f" | med | awk '{printf "%.1f", $1/1024}')"
}

cold_java() {
  local f=$OUT/cold-java.txt i t0 t1
  : >"$f"
  for i in $(seq "$COLD_RUNS"); do
    t0=$(date +%s%N)
    "$JH/bin/java" -Xshare:auto $LIBFLAGS -cp "$OUT" Hello >/dev/null
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
  done >"$f"
  printf "| %-44s | %8s | %8s | %8s | %8s |\n" "java $LIBFLAGS -cp … Hello (start to exit)" "$(med <"$f")" "$(sort -n "$f" | head -1)" "-" "-"
}

calls() {
  echo "## per call: C ABI vs Java in the same VM ($CALL_ROUNDS rounds x $CALLS calls, medians, ns per execute+result)"
  LMX_BENCH_JVMOPTS="${1:-}" "$BENCH" "$LIB" calls "$CALL_ROUNDS" "$CALLS" "$OUT" | grep RESULT | while read -r _ _ cmd rest; do
    echo "| $cmd | C ABI $(echo " $rest" | field c_abi_ns) | Java CommandSession $(echo " $rest" | field java_session_ns) | Java NativeEntry(byte[]) $(echo " $rest" | field java_nativeentry_ns) | overhead (ABI - Java) $(echo " $rest" | field overhead_ns) |"
  done
}

cold() {
  echo "## cold start, $COLD_RUNS fresh processes each (ms; RSS added by the VM in MB)"
  printf "| %-44s | %8s | %8s | %8s | %8s |\n" "what" "median" "best" "cpu" "+RSS MB"
  echo "|---|---|---|---|---|"
  if [ -f "$DIST/loymax-bridge.jsa" ]; then cold_lmx "lmx_open + first answer, shipped archive" ""
  else echo "| (no loymax-bridge.jsa in $DIST) | | | | |"; fi
  cold_lmx "lmx_open + first answer, JDK default CDS only" "$NO_JSA"
  cold_lmx "lmx_open + first answer, CDS off" "-Xshare:off"
  cold_java
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
