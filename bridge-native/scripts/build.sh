#!/usr/bin/env bash
# Builds, tests and packages bridge-native for every platform this machine has a toolchain for.
# Called by bridge-native/pom.xml (exec-maven-plugin); also usable by hand from any folder:
#
#   bridge-native/scripts/build.sh compile   configure + build: linux-x64, windows-x64, windows-x86
#   bridge-native/scripts/build.sh test      ctest in every build (wine runs the x64 and x86 Windows tests)
#   bridge-native/scripts/build.sh dist      assemble dist/linux-x64, dist/windows-x64, dist/windows-x86
#                                            and the 1C add-in dist/1c/LoymaxBridge1C.zip
#   bridge-native/scripts/build.sh all       compile, dist, test (the add-in's CTest checks the ZIP)
#
# Environment:
#   LMX_STRICT=1   a missing toolchain (cmake, gcc, mingw-w64, wine, 32-bit wine) is an error; otherwise that
#                  platform is skipped with a loud warning.
#   LMX_JAR        the core jar (default: <repo>/dist/loymax-bridge.jar, made by `mvn package`).
#   LMX_DIST       the dist folder (default: <repo>/dist).
#   LMX_VERSION    version compiled into the library (default 0.1.0; the pom passes its version).
#   LMX_PLATFORMS  space-separated subset of "linux-x64 windows-x64 windows-x86".
#   LMX_FUZZ=0     leaves out the libFuzzer targets (built with linux-x64 when clang is there).
# Build trees go to bridge-native/target/cmake-*; install the toolchains with
# scripts/toolchains.sh --install native windows wine wine32 (from the repository root).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAR=${LMX_JAR:-$ROOT/dist/loymax-bridge.jar}
DIST=${LMX_DIST:-$ROOT/dist}
VERSION=${LMX_VERSION:-0.1.0}
PLATFORMS=${LMX_PLATFORMS:-linux-x64 windows-x64 windows-x86}
STRICT=${LMX_STRICT:-0}
OUT=$HERE/target
JOBS=$(nproc 2>/dev/null || echo 2)

warn() {
  echo "" >&2
  echo "#####################################################################################" >&2
  echo "## WARNING (bridge-native): $*" >&2
  echo "## Install the toolchains (as root): scripts/toolchains.sh --install native windows wine wine32" >&2
  echo "## Set LMX_STRICT=1 to make this an error." >&2
  echo "#####################################################################################" >&2
  echo "" >&2
}

# missing <what> : fails in strict mode, else warns; returns 1 so the caller skips.
missing() {
  if [ "$STRICT" = "1" ]; then
    echo "ERROR (bridge-native, LMX_STRICT=1): $*" >&2
    exit 1
  fi
  warn "$*"
  return 1
}

have() { command -v "$1" >/dev/null 2>&1; }
# shellcheck source=../../scripts/lib/wine.sh
. "$ROOT/scripts/lib/wine.sh"

build_dir() {
  case "$1" in
    linux-x64) echo "$OUT/cmake-linux" ;;
    windows-x64) echo "$OUT/cmake-win64" ;;
    windows-x86) echo "$OUT/cmake-win32" ;;
  esac
}

toolchain_ok() {
  local p=$1
  have cmake || { missing "cmake is not installed: $p is not built"; return 1; }
  case "$p" in
    linux-x64)
      have gcc || { missing "gcc is not installed: $p is not built"; return 1; } ;;
    windows-x64)
      have x86_64-w64-mingw32-gcc || { missing "x86_64-w64-mingw32-gcc (gcc-mingw-w64-x86-64) is not installed: $p is not built"; return 1; } ;;
    windows-x86)
      have i686-w64-mingw32-gcc || { missing "i686-w64-mingw32-gcc (gcc-mingw-w64-i686) is not installed: $p is not built"; return 1; } ;;
  esac
  return 0
}

do_compile() {
  if [ ! -f "$JAR" ]; then
    echo "ERROR (bridge-native): $JAR is missing; build the Java modules first (mvn package from the repository root)" >&2
    exit 1
  fi
  rm -f "$OUT/built-platforms" "$OUT/built-fuzz"
  mkdir -p "$OUT"
  for p in $PLATFORMS; do
    toolchain_ok "$p" || continue
    local b tc=()
    b=$(build_dir "$p")
    case "$p" in
      windows-x64) tc=(-DCMAKE_TOOLCHAIN_FILE="$HERE/cmake/mingw-x64.cmake") ;;
      windows-x86) tc=(-DCMAKE_TOOLCHAIN_FILE="$HERE/cmake/mingw-x86.cmake") ;;
    esac
    echo "== bridge-native: $p -> $b"
    cmake -S "$HERE" -B "$b" "${tc[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLMX_VERSION="$VERSION" -DLMX_JAR="$JAR" -DLMX_DIST="$DIST" >"$b.configure.log" 2>&1 \
      || { cat "$b.configure.log" >&2; echo "ERROR: cmake configure failed for $p" >&2; exit 1; }
    cmake --build "$b" -j "$JOBS"
    echo "$p" >>"$OUT/built-platforms"
  done
  # the libFuzzer targets (clang; fuzz/CMakeLists.txt), with the Linux build
  if [[ " $PLATFORMS " == *" linux-x64 "* ]] && [ "${LMX_FUZZ:-1}" = "1" ]; then
    if have clang; then
      echo "== bridge-native: fuzzers -> $OUT/cmake-fuzz"
      CC=clang cmake -S "$HERE/fuzz" -B "$OUT/cmake-fuzz" >"$OUT/cmake-fuzz.configure.log" 2>&1 \
        || { cat "$OUT/cmake-fuzz.configure.log" >&2; echo "ERROR: cmake configure failed for the fuzzers" >&2; exit 1; }
      cmake --build "$OUT/cmake-fuzz" -j "$JOBS"
      touch "$OUT/built-fuzz" # not a platform: nothing of it goes to dist
    else
      missing "clang is not installed (scripts/toolchains.sh --install fuzz: clang, libclang-rt-14-dev): the fuzzers are not built" || true
    fi
  fi
}

built() { [ -f "$OUT/built-platforms" ] && cat "$OUT/built-platforms" || true; }

do_test() {
  local any=0
  for p in $(built); do
    local b arch gate=0 exclude=()
    b=$(build_dir "$p")
    case "$p" in windows-x64) arch=x64 ;; windows-x86) arch=x86 ;; *) arch="" ;; esac
    if [ -n "$arch" ]; then
      # scripts/lib/wine.sh: x86 is skipped (one WARNING line) only when the i386 package lists could
      # not be fetched; otherwise a missing wine is a failure in strict mode
      wine_gate "$arch" || gate=$?
      if [ "$gate" = "1" ]; then
        missing "$WINE_WHY: the $p DLL is built but not run" || true
      elif [ "$gate" = "2" ]; then
        [ "$arch" = "x86" ] || warn "$WINE_WHY: the $p DLL is built but not run (only its exports are checked)"
        exclude=(-E '^wine_')
      fi
    fi
    echo "== bridge-native: ctest $p"
    if [ "$p" = "linux-x64" ]; then
      # the two long-shift tests (10,000 cycles each, ~1.5 minutes, each mostly waiting on its own
      # emulator or host) run side by side after the others, which keep the machine to themselves
      (cd "$b" && ctest --output-on-failure --timeout 600 -E '^cycles_')
      (cd "$b" && ctest --output-on-failure --timeout 1200 -R '^cycles_' -j2)
    else
      # The Windows tests use a wine prefix inside the build tree, created on first use.
      (cd "$b" && ctest --output-on-failure --timeout 600 "${exclude[@]}")
    fi
    any=1
  done
  if [ -f "$OUT/built-fuzz" ]; then
    echo "== bridge-native: ctest fuzzers (LMX_FUZZ_SECONDS each)"
    # one fuzzer per core: each runs LMX_FUZZ_SECONDS whatever the other does
    (cd "$OUT/cmake-fuzz" && ctest --output-on-failure --timeout 600 -j2)
  fi
  if [ "$any" = "0" ]; then
    missing "no platform was built, no native test ran" || true
  fi
}

# The class-data-sharing archive of the in-process engine: dist/linux-x64/loymax-bridge.jsa, dumped
# at build time (never at run time) by a training run through the library itself (bench/lmx_bench.c
# "train": open, version, status, calculate …, then System.exit with -XX:ArchiveClassesAtExit), plus
# loymax-bridge.jsa.id: "<libjvm.so size> <JAVA_VERSION> <jar size> <jar mtime> <jar path>".  The
# library passes the archive only when the id matches the runtime and jar it is about to use (JDK 17
# ties an archive to the exact class path).  LMX_CDS=0 skips it; a failed training only warns.
cds_archive() {
  local b=$1 d=$2 home java jvm ver dir
  [ "${LMX_CDS:-1}" = "1" ] || return 0
  rm -f "$d/loymax-bridge.jsa" "$d/loymax-bridge.jsa.id"
  if [ -n "${JAVA_HOME:-}" ] && [ -f "$JAVA_HOME/lib/server/libjvm.so" ]; then
    home=$JAVA_HOME
  elif java=$(command -v java); then
    home=$(dirname "$(dirname "$(readlink -f "$java")")")
  fi
  jvm=${home:-}/lib/server/libjvm.so
  if [ ! -f "$jvm" ] || [ ! -f "$home/release" ]; then
    warn "no JDK found for the class-data-sharing archive: dist/linux-x64 ships without loymax-bridge.jsa"
    return 0
  fi
  ver=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$home/release")
  cmake --build "$b" --target lmx_bench -j "$JOBS" >/dev/null
  dir=$(cd "$d" && pwd -P)
  if ! LMX_BENCH_JVMPATH="$home" \
       LMX_BENCH_JVMOPTS="-XX:ArchiveClassesAtExit=$dir/loymax-bridge.jsa -Xlog:cds=error,cds+dynamic=error" \
       "$b/bench/lmx_bench" "$dir/libloymax_bridge.so" train >/dev/null || [ ! -s "$d/loymax-bridge.jsa" ]; then
    rm -f "$d/loymax-bridge.jsa"
    warn "the class-data-sharing training run failed: dist/linux-x64 ships without loymax-bridge.jsa"
    return 0
  fi
  echo "$(stat -c %s "$jvm") $ver $(stat -c %s "$dir/loymax-bridge.jar") $(stat -c %Y "$dir/loymax-bridge.jar") $dir/loymax-bridge.jar" \
    >"$d/loymax-bridge.jsa.id"
  echo "== bridge-native: loymax-bridge.jsa ($(($(stat -c %s "$d/loymax-bridge.jsa") / 1048576)) MB, Java $ver) for $dir"
}

# SQLite's native library beside ours, taken from the sqlite-jdbc classes inside the jar: the
# library passes -Dorg.sqlite.lib.path=<its folder>, so sqlite-jdbc never extracts native code
# into a temporary or user folder (and works when that folder is read-only).
sqlite_native() {
  local d=$1 entry=org/sqlite/native/$2 tmp
  tmp=$(mktemp -d)
  if (cd "$tmp" && jar xf "$JAR" "$entry") 2>/dev/null && [[ -f "$tmp/$entry" ]]; then
    cp "$tmp/$entry" "$d/"
  else
    warn "$entry not found in $JAR: $d ships without SQLite's native library (sqlite-jdbc will extract its own)"
  fi
  rm -rf "$tmp"
}

# The COM diagnostic, the registration scripts and the registration-free manifest of one bitness.
com_files() {
  local b=$1 d=$2 arch=$3
  [[ -f "$b/lmx_comcheck.exe" ]] && cp "$b/lmx_comcheck.exe" "$d/"
  cp "$ROOT/com-registration/register.cmd" "$ROOT/com-registration/unregister.cmd" "$ROOT/com-registration/lmx_regsvr.cmd" "$d/" 2>/dev/null || true
  [[ -d "$ROOT/com-registration/sxs/$arch" ]] && cp "$ROOT/com-registration/sxs/$arch/"* "$d/"
  return 0
}

do_dist() {
  for p in $(built); do
    local b d
    b=$(build_dir "$p")
    d="$DIST/$p"
    rm -rf "$d"
    mkdir -p "$d"
    cp "$HERE/include/loymax_bridge.h" "$JAR" "$d/"
    case "$p" in
      linux-x64)
        cp "$b/libloymax_bridge.so" "$d/"
        # the host as a systemd service, with its installation guide (docs/linux-host-service.md)
        cp "$HERE/linux/loymax-bridge-host@.service" "$ROOT/docs/linux-host-service.md" "$d/"
        sqlite_native "$d" Linux/x86_64/libsqlitejdbc.so
        cds_archive "$b" "$d" ;;
      windows-x64)
        cp "$b/loymax_bridge.dll" "$b/loymax_bridge.lib" "$d/"
        com_files "$b" "$d" x64
        sqlite_native "$d" Windows/x86_64/sqlitejdbc.dll
        cp "$HERE/src/loymax_bridge.def" "$d/loymax_bridge.def" ;;
      windows-x86)
        cp "$b/loymax_bridge.dll" "$b/loymax_bridge.lib" "$d/"
        com_files "$b" "$d" x86
        sqlite_native "$d" Windows/x86/sqlitejdbc.dll
        cp "$HERE/src/loymax_bridge_x86.def" "$d/loymax_bridge.def" ;;
    esac
    echo "== bridge-native: $d: $(cd "$d" && ls | tr '\n' ' ')"
  done
  addin_1c_zip
}

# The 1C:Enterprise add-in: dist/1c/LoymaxBridge1C.zip with MANIFEST.XML and one library per built
# platform (1C picks the one of its os/arch; the platform's "common template" holds the ZIP as is).
# Written with the JDK's jar tool (-M: no META-INF), which every build machine has.
addin_1c_zip() {
  local d="$DIST/1c" stage p b f os arch components=""
  stage=$(mktemp -d)
  for p in $(built); do
    b=$(build_dir "$p")
    case "$p" in
      linux-x64) f=libLoymaxBridge1C_x64.so os=Linux arch=x86_64 ;;
      windows-x64) f=LoymaxBridge1C_x64.dll os=Windows arch=x86_64 ;;
      windows-x86) f=LoymaxBridge1C_x86.dll os=Windows arch=i386 ;;
    esac
    cp "$b/addin-1c/$f" "$stage/"
    components+="  <component os=\"$os\" path=\"$f\" type=\"native\" arch=\"$arch\"/>"$'\n'
  done
  if [ -z "$components" ]; then
    rm -rf "$stage"
    return 0
  fi
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<bundle xmlns="http://v8.1c.ru/8.2/addin/bundle">\n%s</bundle>\n' \
    "$components" >"$stage/MANIFEST.XML"
  rm -rf "$d"
  mkdir -p "$d"
  d=$(cd "$d" && pwd)
  (cd "$stage" && jar cfM "$d/LoymaxBridge1C.zip" MANIFEST.XML $(ls | grep -v '^MANIFEST.XML$'))
  rm -rf "$stage"
  echo "== bridge-native: $d/LoymaxBridge1C.zip: $(jar tf "$d/LoymaxBridge1C.zip" | tr '\n' ' ')"
}

case "${1:-all}" in
  compile) do_compile ;;
  test) do_test ;;
  dist) do_dist ;;
  all) do_compile; do_dist; do_test ;;
  *) echo "usage: $0 compile|test|dist|all" >&2; exit 2 ;;
esac
