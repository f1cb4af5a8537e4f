#!/usr/bin/env bash
# Cold start of two or more builds of dist/linux-x64, interleaved run by run (a benchmark, not a test).
#
#   bridge-native/bench/cold-ab.sh <runs> <label>=<dist folder>[|<extra jvmOptions>] ...
#   e.g. cold-ab.sh 15 before=/tmp/old/linux-x64 after=dist/linux-x64 'tmpdir=/tmp/old/linux-x64|-Dorg.sqlite.tmpdir=/tmp/old/linux-x64'
#
# On 2 shared cores absolute times swing 2-3x within minutes, so two builds measured one after the
# other cannot be compared: here every round runs each build once (a fresh process, its own data
# folder with the register's queue file already there, as run-benchmarks.sh cold) and then one
# `java … Hello` with the library's flags. Prints the medians, the cpu (user+sys) medians and the ratio
# to Hello of each. Each folder is copied to target/cold-ab/<label> and its class-data-sharing archive
# dumped again there, because JDK 17 ties an archive to the jar's path (scripts/build.sh
# cds_archive; the library ignores an archive made for another path).
# Needs the JDK and cc, as run-benchmarks.sh.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/bridge-native/target/bench
W=$ROOT/target/cold-ab
[ $# -ge 2 ] || { sed -n 2,6p "$0" >&2; exit 2; }
runs=$1
shift
if [ -n "${JAVA_HOME:-}" ] && [ -f "$JAVA_HOME/include/jni.h" ]; then JH=$JAVA_HOME
else JH=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")"); fi
LIBFLAGS="-Xrs -XX:-MaxFDLimit -Xmx64m -Xmn4m -Xss1m -XX:+UseSerialGC -XX:TieredStopAtLevel=1" # as run-benchmarks.sh
mkdir -p "$OUT" "$W"
cc -O2 -Wall -I"$HERE/../include" -I"$JH/include" -I"$JH/include/linux" "$HERE/lmx_bench.c" -o "$OUT/lmx_bench" -ldl
"$JH/bin/javac" -nowarn -d "$OUT" "$HERE/Hello.java"
BENCH=$OUT/lmx_bench
ver=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$JH/release")

labels=() opts=()
for spec in "$@"; do
  label=${spec%%=*} rest=${spec#*=} o=""
  src=${rest%%|*}
  [[ "$rest" == *"|"* ]] && o=${rest#*|}
  d=$W/$label
  rm -rf "$d" "$W/data-$label" "$W/$label.txt"
  mkdir -p "$d"
  cp -p "$src/libloymax_bridge.so" "$src/loymax-bridge.jar" "$d/"
  [ -f "$src/libsqlitejdbc.so" ] && cp -p "$src/libsqlitejdbc.so" "$d/"
  LMX_BENCH_JVMPATH="$JH" LMX_BENCH_JVMOPTS="-XX:ArchiveClassesAtExit=$d/loymax-bridge.jsa -Xlog:cds=error,cds+dynamic=error" \
    "$BENCH" "$d/libloymax_bridge.so" train >/dev/null
  echo "$(stat -c %s "$JH/lib/server/libjvm.so") $ver $(stat -c %s "$d/loymax-bridge.jar") $(stat -c %Y "$d/loymax-bridge.jar") $d/loymax-bridge.jar" \
    >"$d/loymax-bridge.jsa.id"
  # the untimed first start creates the register's queue file
  LMX_BENCH_DATA=$W/data-$label LMX_BENCH_JVMOPTS="$o" "$BENCH" "$d/libloymax_bridge.so" cold >/dev/null 2>&1 || true
  labels+=("$label") opts+=("$o")
done
: >"$W/hello.txt"
echo "# cold-ab: $runs rounds, $(nproc) cores, load at start $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$runs"); do
  for k in "${!labels[@]}"; do
    LMX_BENCH_DATA=$W/data-${labels[$k]} LMX_BENCH_JVMOPTS="${opts[$k]}" "$BENCH" "$W/${labels[$k]}/libloymax_bridge.so" cold 2>/dev/null \
      | grep RESULT >>"$W/${labels[$k]}.txt"
  done
  t0=$(date +%s%N)
  "$JH/bin/java" -Xshare:auto $LIBFLAGS -cp "$OUT" Hello >/dev/null
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000)) >>"$W/hello.txt"
done
med() { sort -n | awk '{v[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print v[(NR+1)/2]; else printf "%.1f\n", (v[NR/2]+v[NR/2+1])/2}'; }
field() { sed -n "s/.* $1=\([0-9.-]*\).*/\1/p"; }
h=$(med <"$W/hello.txt")
printf "| %-12s | %10s | %8s | %6s | %8s |\n" "build" "answer ms" "cpu ms" "ratio" "+RSS MB"
echo "|---|---|---|---|---|"
for l in "${labels[@]}"; do
  a=$(field process_to_answer_ms <"$W/$l.txt" | med)
  printf "| %-12s | %10s | %8s | %6s | %8s |\n" "$l" "$a" "$(field cpu_ms <"$W/$l.txt" | med)" \
    "$(awk -v a="$a" -v b="$h" 'BEGIN {printf "%.2f", a / b}')" \
    "$(field added_after_network_kb <"$W/$l.txt" | med | awk '{printf "%.1f", $1/1024}')"
done
printf "| %-12s | %10s | %8s | %6s | %8s |\n" "Hello" "$h" "-" "1" "-"
echo "# load at end $(cut -d' ' -f1-3 /proc/loadavg)"
