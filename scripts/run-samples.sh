#!/usr/bin/env bash
# Builds and runs the register samples against one Loymax emulator, through the real native library:
#   c-demo         samples-c/register_demo.c -> dist/linux-x64/lmx_demo (gcc)
#   c-demo-offline samples-c/run-demo.sh (what ./demo.sh runs): online purchase, two sales with its
#                  own emulator stopped, replay after the restart, balances checked
#   c-demo-readonly-tmp  the C demo as user nobody with a read-only temp folder: SQLite's native
#                  library is the one beside the bridge library, nothing extracted to a temp folder
#   delphi-linux   samples-delphi (Free Pascal, -Mdelphi, cdecl, libloymax_bridge.so)
#   delphi-win64   the same sources cross-compiled for Windows x64 (stdcall/W functions); build
#                  and import-table check only (no Windows JVM here)
#   csharp-mono    samples-csharp (mcs, run with mono, P/Invoke to libloymax_bridge.so)
# Each prints PASS/FAIL/SKIP; the last line is "N passed, N failed"; exit status 1 on any failure.
#
#   scripts/run-samples.sh            after: mvn -B package -DskipTests
#                                     and:   scripts/toolchains.sh --install samples
#   LMX_STRICT=1 scripts/run-samples.sh   a missing toolchain (gcc, fpc, fpc-source, mcs, mono) is
#                                         a failure instead of a skip
# Caches the Free Pascal win64 RTL (built from fpc-source, ~5 s) under target/fpc-rtl/.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
strict="${LMX_STRICT:-0}"
[[ "$strict" == "1" ]] || strict=0
export LC_ALL=C.UTF-8          # Free Pascal converts string literals through the locale's charset

dist="$root/dist/linux-x64"
out="$root/target/samples"
logs="$out/logs"
rm -rf "$out" && mkdir -p "$logs"

passed=0 failed=0 skipped=0
declare -a summary=()
t_start=$(date +%s)

pass() { passed=$((passed + 1)); summary+=("PASS $1 ($2 s)"); echo "PASS $1 ($2 s)"; }
fail() {
  failed=$((failed + 1)); summary+=("FAIL $1: $2"); echo "FAIL $1: $2"
  if [[ -n "${3:-}" && -f "$3" ]]; then echo "---- last lines of $3"; tail -n 25 "$3" | sed 's/^/    /'; echo "----"; fi
}
missing_tool() {   # name, what is missing
  if [[ $strict -eq 1 ]]; then fail "$1" "missing toolchain: $2 (strict mode)"
  else skipped=$((skipped + 1)); summary+=("SKIP $1: missing $2"); echo "SKIP $1: missing toolchain: $2 (install: scripts/toolchains.sh --install samples)"; fi
}
have() { command -v "$1" >/dev/null 2>&1; }
finish() {
  echo
  for s in "${summary[@]}"; do echo "  $s"; done
  echo "  total $(( $(date +%s) - t_start )) s, $skipped skipped"
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]] && exit 0 || exit 1
}

# ---- the bridge: jar and native library side by side in dist/linux-x64 ------------------------
if [[ ! -f dist/loymax-bridge.jar ]]; then
  fail setup "dist/loymax-bridge.jar is missing: run mvn -B package -DskipTests first"
  finish
fi
if [[ ! -f "$dist/libloymax_bridge.so" ]]; then
  # The native Maven module puts it there; until then (or without it) build it with CMake.
  if have cmake && have gcc; then
    echo "dist/linux-x64/libloymax_bridge.so missing: building it with CMake"
    if cmake -S bridge-native -B target/samples-native -DLMX_BUILD_TESTS=OFF >"$logs/native.log" 2>&1 \
       && cmake --build target/samples-native >>"$logs/native.log" 2>&1; then
      mkdir -p "$dist" && cp target/samples-native/libloymax_bridge.so "$dist/"
    else
      fail setup "building the native library failed" "$logs/native.log"; finish
    fi
  else
    fail setup "dist/linux-x64/libloymax_bridge.so is missing and cmake/gcc are not installed"; finish
  fi
fi
if [[ ! -f "$dist/loymax-bridge.jar" || dist/loymax-bridge.jar -nt "$dist/loymax-bridge.jar" ]]; then
  cp dist/loymax-bridge.jar "$dist/loymax-bridge.jar"   # the library loads the jar from its own folder
fi

# ---- one emulator for all samples ---------------------------------------------------------------
emu_pid=""
stop_emulator() { if [[ -n "$emu_pid" ]]; then kill "$emu_pid" 2>/dev/null; wait "$emu_pid" 2>/dev/null; emu_pid=""; fi; }
trap stop_emulator EXIT
java -jar dist/loymax-bridge.jar emulator --port 0 >"$logs/emulator.log" 2>&1 </dev/null &
emu_pid=$!
url=""
for _ in $(seq 1 300); do
  url="$(sed -n 's/^Loymax emulator .* on \(http:[^ ]*\).*/\1/p' "$logs/emulator.log" | head -1)"
  [[ -n "$url" ]] && break
  kill -0 "$emu_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z "$url" ]]; then fail emulator "did not start" "$logs/emulator.log"; finish; fi
echo "emulator: $url"
config() {   # the register configuration of one sample, with its own data folder
  echo "{\"url\":\"$url\",\"partner\":\"demo-partner\",\"login\":\"reg01\",\"password\":\"secret\",\"dataDir\":\"$out/data-$1\"}"
}

# run NAME LOG CMD...: runs a sample with a time limit; PASS needs exit 0 AND a last line "PASS"
run_sample() {
  local name="$1" log="$2"; shift 2
  local t0=$(date +%s) rc
  timeout 120 "$@" >"$log" 2>&1
  rc=$?
  if [[ $rc -eq 0 && "$(tail -n 1 "$log")" == "PASS" ]]; then pass "$name" $(( $(date +%s) - t0 ))
  elif [[ $rc -eq 124 ]]; then fail "$name" "timed out after 120 s" "$log"
  else fail "$name" "exit status $rc, no PASS line" "$log"; fi
}

# ---- C -------------------------------------------------------------------------------------------
if have gcc; then
  if samples-c/build.sh >"$logs/c-build.log" 2>&1; then
    run_sample c-demo "$logs/c-demo.log" "$dist/lmx_demo" "$(config c)"
    # the whole demo (./demo.sh): online, offline with its own emulator stopped, replay after its restart
    run_sample c-demo-offline "$logs/c-demo-offline.log" samples-c/run-demo.sh
  else
    fail c-demo "build failed" "$logs/c-build.log"
  fi
else
  missing_tool c-demo gcc
fi

# ---- C, as an unprivileged user with a read-only temp folder: no native code from temp folders -----
# Issue 5 item 6: SQLite's native library is loaded from the install folder (the library passes
# -Dorg.sqlite.lib.path), never extracted to or loaded from a temporary or user folder, and a session
# whose temp folder is read-only works.  The C demo runs as user nobody (uid 65534) from a copy of
# dist/linux-x64 with "jvmOptions":["-Djava.io.tmpdir=<read-only>"] and a writable dataDir. PASS needs:
#   - the demo's PASS;
#   - LMX_DEMO_SHOWMAPS=1: the process mapped exactly one SQLite library, the copy's libsqlitejdbc.so,
#     and no native library from a temp folder (/tmp, /var/tmp, /dev/shm, $TMPDIR, the read-only one)
#     or a user folder (/root, /home, nobody's home);
#   - no *sqlite*.so* file written by nobody (under those temp folders) or into the read-only one;
#   - the control: the same run from a copy WITHOUT libsqlitejdbc.so must fail (sqlite-jdbc then
#     tries to extract into the read-only temp folder), so the read-only folder really is in force.
if have setpriv; then as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)   # keeps the environment
else as_nobody=(su nobody -s /bin/sh -c 'exec "$0" "$@"'); fi
readonly_tmp_check() {
  local name=c-demo-readonly-tmp t0=$(date +%s) log="$logs/c-demo-readonly-tmp.log" ctl="$logs/c-demo-readonly-tmp-control.log"
  local base="$out/readonly-tmp" inst ro data rc r bad sqlite_libs written nobody_home
  rm -rf "$base" && mkdir -p "$base/install" "$base/tmp" "$base/data" "$base/data-control"
  inst="$base/install" ro="$base/tmp" data="$base/data"
  chmod 755 "$base" "$inst"
  if ! "${as_nobody[@]}" test -x "$inst"; then     # the repository is in a private folder: install in /var/tmp
    inst="$(mktemp -d /var/tmp/lmx-install.XXXXXX)" && chmod 755 "$inst" && ro_cleanup+=("$inst")
  fi
  cp -p "$dist"/lmx_demo "$dist"/libloymax_bridge.so "$dist"/libsqlitejdbc.so "$dist"/loymax-bridge.jar "$inst/" 2>"$log" \
    || { fail $name "cannot copy dist/linux-x64 (lmx_demo, libloymax_bridge.so, libsqlitejdbc.so, loymax-bridge.jar)" "$log"; return; }
  chmod 555 "$ro"                                   # read-only for nobody
  chown 65534:65534 "$data" "$base/data-control"
  if ! "${as_nobody[@]}" test -x "$inst/lmx_demo" || ! "${as_nobody[@]}" test -w "$data" \
     || "${as_nobody[@]}" test -w "$ro"; then
    fail $name "setup: as nobody, $inst/lmx_demo must be runnable, $data writable and $ro read-only (is $out world-readable?)"
    return
  fi
  config_ro() { echo "{\"url\":\"$url\",\"partner\":\"demo-partner\",\"login\":\"reg01\",\"password\":\"secret\",\"dataDir\":\"$1\",\"jvmOptions\":[\"-Djava.io.tmpdir=$ro\"]}"; }
  : >"$base/start-marker"
  (cd "$data" && timeout 120 "${as_nobody[@]}" env LMX_DEMO_SHOWMAPS=1 "$inst/lmx_demo" "$(config_ro "$data")") >"$log" 2>&1
  rc=$?
  # the temp folders a JVM or sqlite-jdbc could use, and the user folders
  local roots=(/tmp /var/tmp /dev/shm "$ro") homes=(/root /home)
  [[ -n "${TMPDIR:-}" && -d "${TMPDIR:-}" ]] && roots+=("$TMPDIR")
  nobody_home="$(getent passwd 65534 | cut -d: -f6)"
  [[ -n "$nobody_home" && -d "$nobody_home" ]] && homes+=("$nobody_home")
  sqlite_libs="$(sed -n 's/^native library: \(.*sqlite[^/]*\)$/\1/p' "$log")"
  bad=""
  for r in "${roots[@]}" "${homes[@]}"; do
    bad+="$(sed -n 's/^native library: //p' "$log" | grep -v "^$inst/" | grep "^${r%/}/") "
  done
  bad="$(echo $bad)"
  written="$(find "${roots[@]}" -xdev -name '*sqlite*.so*' \( -uid 65534 -o -path "$ro/*" \) -newer "$base/start-marker" 2>/dev/null)"
  if [[ $rc -ne 0 || "$(tail -n 1 "$log")" != "PASS" ]]; then
    fail $name "as nobody with a read-only temp folder: exit status $rc, no PASS line" "$log"; return
  elif [[ "$sqlite_libs" != "$inst/libsqlitejdbc.so" ]]; then
    fail $name "the SQLite library loaded is not the one beside the bridge library ($inst/libsqlitejdbc.so): $(echo ${sqlite_libs:-none})" "$log"; return
  elif [[ -n "$bad" ]]; then
    fail $name "native code loaded from a temporary or user folder: $bad" "$log"; return
  elif [[ -n "$written" ]]; then
    fail $name "a SQLite native library was written to a temp folder: $(echo $written)" "$log"; return
  fi
  # the control: without the library beside it, sqlite-jdbc has nowhere to extract to
  rm -f "$inst/libsqlitejdbc.so"
  (cd "$base/data-control" && timeout 120 "${as_nobody[@]}" "$inst/lmx_demo" "$(config_ro "$base/data-control")") >"$ctl" 2>&1
  rc=$?
  if [[ $rc -eq 0 ]] || ! grep -q '^FAIL: lmx_open: status 11' "$ctl" || [[ -n "$(find "$ro" -mindepth 1)" ]]; then
    fail $name "control: without libsqlitejdbc.so beside the library the demo must fail at lmx_open (status 11: the read-only temp folder stops sqlite-jdbc's extraction); exit status $rc" "$ctl"; return
  fi
  echo "$name: SQLite from $sqlite_libs; control without it: $(grep -m1 '^FAIL' "$ctl")" >>"$log"
  pass "$name" $(( $(date +%s) - t0 ))
}
ro_cleanup=()
if [[ -x "$dist/lmx_demo" && -f "$dist/libsqlitejdbc.so" ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    missing_tool c-demo-readonly-tmp "root (to run the demo as user nobody)"
  elif ! have "${as_nobody[0]}"; then
    missing_tool c-demo-readonly-tmp "setpriv or su (util-linux)"
  else
    readonly_tmp_check
  fi
  for d in "${ro_cleanup[@]}"; do rm -rf "$d"; done
elif have gcc; then
  fail c-demo-readonly-tmp "dist/linux-x64/lmx_demo or libsqlitejdbc.so is missing (built by samples-c/build.sh and the native module)"
else
  missing_tool c-demo-readonly-tmp gcc
fi

# ---- Delphi dialect, Free Pascal: Linux ----------------------------------------------------------
if have fpc; then
  mkdir -p "$out/delphi-linux"
  if fpc -Mdelphi -O2 -vewn -FE"$out/delphi-linux" -FU"$out/delphi-linux" -Fl"$dist" -k-rpath -k'$ORIGIN' \
       samples-delphi/RegisterSession.lpr >"$logs/delphi-linux-build.log" 2>&1; then
    # rpath $ORIGIN is for a deployment with the library beside the program; here it is in dist/
    LD_LIBRARY_PATH="$dist${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
      run_sample delphi-linux "$logs/delphi-linux.log" "$out/delphi-linux/RegisterSession" "$(config delphi)"
  else
    fail delphi-linux "fpc failed" "$logs/delphi-linux-build.log"
  fi
else
  missing_tool delphi-linux fpc
fi

# ---- Delphi dialect, Free Pascal: cross-compiled for Windows x64 ---------------------------------
if have fpc; then
  fpcver="$(fpc -iV)"
  src="/usr/share/fpcsrc/$fpcver"
  rtl="$root/target/fpc-rtl/$fpcver-x86_64-win64"
  if [[ ! -f "$rtl/units/x86_64-win64/system.ppu" ]]; then
    if [[ -d "$src/rtl" ]] && have fpcmake && have make; then
      t0=$(date +%s)
      rm -rf "$rtl" && mkdir -p "$rtl"
      # toolchain.md: Debian strips parts of the RTL build; rebuild the win64 RTL from fpc-source
      if ( cp -r "$src/rtl" "$src/compiler" "$rtl/" && cd "$rtl/rtl" && fpcmake -Tall -r \
           && printf 'CPUNAMES=x86_64\nCPUINCNAMES=$(addsuffix .inc,$(CPUNAMES))\n' > x86_64/makefile.cpu \
           && make -j2 all OS_TARGET=win64 CPU_TARGET=x86_64 FPC=/usr/bin/ppcx64 \
           && mkdir -p "$rtl/units" && mv units/x86_64-win64 "$rtl/units/" ) >"$logs/fpc-rtl-win64.log" 2>&1; then
        rm -rf "$rtl/rtl" "$rtl/compiler"
        echo "built the Free Pascal win64 RTL in $(( $(date +%s) - t0 )) s (cached in ${rtl#$root/})"
      else
        rm -rf "$rtl"
        fail delphi-win64 "building the win64 RTL from fpc-source failed" "$logs/fpc-rtl-win64.log"
      fi
    else
      missing_tool delphi-win64 "fpc-source-$fpcver (the RTL sources in $src) or fpcmake/make"
    fi
  fi
  if [[ -f "$rtl/units/x86_64-win64/system.ppu" ]]; then
    t0=$(date +%s)
    mkdir -p "$out/delphi-win64"
    exe="$out/delphi-win64/RegisterSession.exe"
    if fpc -Twin64 -Mdelphi -O2 -vewn -Fu"$rtl/units/x86_64-win64" -FE"$out/delphi-win64" -FU"$out/delphi-win64" \
         samples-delphi/RegisterSession.lpr >"$logs/delphi-win64-build.log" 2>&1; then
      # The exe must import from loymax_bridge.dll only names the library exports (the .def file).
      objdump -p "$exe" >"$logs/delphi-win64-imports.log" 2>&1
      imports="$(sed -n '/DLL Name: loymax_bridge.dll/,/^$/p' "$logs/delphi-win64-imports.log" | awk 'NR>2 && NF>=3 {print $3}' | sort)"
      exports="$(sed -n '/^EXPORTS/,$p' bridge-native/src/loymax_bridge.def | awk 'NR>1 && $1 !~ /^;/ && NF {print $1}' | sort)"
      unknown="$(comm -23 <(echo "$imports") <(echo "$exports"))"
      if ! head -c 2 "$exe" | grep -q MZ || ! grep -q 'pei-x86-64\|pe-x86-64' "$logs/delphi-win64-imports.log"; then
        fail delphi-win64 "$exe is not a Windows x64 executable" "$logs/delphi-win64-imports.log"
      elif [[ -z "$imports" ]]; then
        fail delphi-win64 "$exe imports nothing from loymax_bridge.dll" "$logs/delphi-win64-imports.log"
      elif [[ -n "$unknown" ]]; then
        fail delphi-win64 "imports not exported by loymax_bridge.def: $(echo $unknown)"
      else
        echo "delphi-win64: imports $(echo $imports)" >>"$logs/delphi-win64-build.log"
        pass delphi-win64 $(( $(date +%s) - t0 ))
      fi
    else
      fail delphi-win64 "fpc -Twin64 failed" "$logs/delphi-win64-build.log"
    fi
  fi
else
  missing_tool delphi-win64 fpc
fi

# ---- the win64 exe under wine, when the Windows x64 library has been built ------------------------
# No Windows JVM exists on these machines, so the run ends at LMX_NO_JVM (status 3): that proves the
# UTF-16 path (lmx_versionW, lmx_openW, lmx_error_textW(NULL) with the buffer protocol) end to end.
# With a Windows JVM it would run the whole session (winsock reaches the emulator) and print PASS.
winexe="$out/delphi-win64/RegisterSession.exe"
windll="$root/dist/windows-x64/loymax_bridge.dll"
wine_cmd=""
have wine64 && wine_cmd=wine64
[[ -z "$wine_cmd" ]] && have wine && [[ -x /usr/lib/wine/wine64 ]] && wine_cmd=wine
if [[ -f "$winexe" && -f "$windll" && -n "$wine_cmd" ]]; then
  t0=$(date +%s)
  wdir="$out/delphi-win64-wine" && mkdir -p "$wdir"
  cp "$winexe" "$windll" "$wdir/" && cp dist/loymax-bridge.jar "$wdir/"
  export WINEPREFIX="$root/target/wine-samples" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  unset DISPLAY
  if [[ ! -f "$WINEPREFIX/system.reg" ]]; then
    echo "creating the wine prefix ${WINEPREFIX#$root/} (about 20 s, once)"
    mkdir -p "$WINEPREFIX" && wineboot -i >"$logs/wineboot.log" 2>&1; wineserver -w
  fi
  (cd "$wdir" && timeout 120 "$wine_cmd" RegisterSession.exe "$(config delphi-wine)") >"$logs/delphi-win64-wine.log" 2>&1
  rc=$?
  log="$logs/delphi-win64-wine.log"
  if [[ $rc -eq 0 && "$(tail -n 1 "$log" | tr -d '\r')" == "PASS" ]]; then
    pass delphi-win64-wine $(( $(date +%s) - t0 ))
  elif grep -q '^Loymax bridge library ' "$log" && grep -q 'No Java runtime' "$log" && grep -q '(status 3)' "$log"; then
    pass "delphi-win64-wine (W functions up to LMX_NO_JVM: no Windows JVM here)" $(( $(date +%s) - t0 ))
  else
    fail delphi-win64-wine "exit status $rc, neither PASS nor the expected LMX_NO_JVM answer" "$log"
  fi
else
  echo "note: delphi-win64-wine not run (needs wine64 and dist/windows-x64/loymax_bridge.dll)"
fi

# ---- C# under mono -------------------------------------------------------------------------------
if have mcs && have mono; then
  mkdir -p "$out/csharp"
  if mcs -nologo -warnaserror+ -out:"$out/csharp/RegisterSession.exe" \
       samples-csharp/RegisterSession.cs samples-csharp/LoymaxBridge.cs >"$logs/csharp-build.log" 2>&1; then
    LD_LIBRARY_PATH="$dist${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
      run_sample csharp-mono "$logs/csharp-mono.log" mono "$out/csharp/RegisterSession.exe" "$(config csharp)"
  else
    fail csharp-mono "mcs failed" "$logs/csharp-build.log"
  fi
else
  missing_tool csharp-mono "$(have mcs || echo -n 'mcs ')$(have mono || echo -n mono)"
fi

stop_emulator
finish
