#!/usr/bin/env bash
# The COM tests of Loymax.Bridge: builds loymax_bridge.dll (x64 and x86) with the COM server, checks
# both DLLs' exports and type library resource, the frozen IDL, then under wine64 (a fresh prefix in
# target/com-tests/): registration and the exact registry keys (com-ids.md), lmx_comcheck, a C client
# (apartments, threads, early binding, exit without Release), VBScript and JScript clients, a Delphi-
# dialect client (Free Pascal, win64), the C# sample compiled with mcs, the 1C module's syntax-free
# checks, unregistration (both views, both hives), per-user registration, shared keys with a 32-bit
# registration beside the 64-bit one, and registration-free activation.  With the host engine, issue 6
# under load: cscript's working set over create/Open/Execute("status")/release cycles (cycles.vbs) and two
# processes, COM (hammer.vbs) and C ABI (lmx_hosttest host_worker), on one register (emulator metrics).
#
#   com-registration/tests/run-com-tests.sh        after `mvn -B package -DskipTests` (dist/loymax-bridge.jar)
#   LMX_STRICT=1 …          a missing tool (wine64, widl, mingw, fpc, mcs, java) is a failure, not a skip
#   LMX_REQUIRE_HOST=1 …    the whole-purchase parts must run (fail instead of skip when the host
#                           engine ("engine":"host") does not answer); the default under LMX_STRICT=1
#   LMX_COM_KEEP=1 …        keep the wine prefix and logs (target/com-tests/)
#   LMX_COM_CYCLES=100000 … the memory test's cycle count (default 20000; issue 6 names 100,000: 4-7 min)
# Prints PASS/FAIL/SKIP per test and ends with "N passed, N failed"; exit status 1 on any failure.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
strict="${LMX_STRICT:-0}"
require_host="${LMX_REQUIRE_HOST:-$strict}"
out="$root/target/com-tests"
logs="$out/logs"
inst="$out/dist"                         # the "installation": windows-x64/ and windows-x86/ side by side
mkdir -p "$out" && rm -rf "$logs" "$inst" && mkdir -p "$logs" "$inst/windows-x64" "$inst/windows-x86"
export LC_ALL=C.UTF-8

passed=0 failed=0 skipped=0
declare -a summary=()
t_start=$(date +%s)
pass() { passed=$((passed + 1)); summary+=("PASS $1"); echo "PASS $1"; }
fail() {
  failed=$((failed + 1)); summary+=("FAIL $1: $2"); echo "FAIL $1: $2"
  if [[ -n "${3:-}" && -f "$3" ]]; then echo "---- last lines of $3"; tail -n 30 "$3" | sed 's/^/    /'; echo "----"; fi
}
skip() {
  if [[ $strict -eq 1 && "${3:-}" != "soft" ]]; then fail "$1" "$2 (strict mode)"
  else skipped=$((skipped + 1)); summary+=("SKIP $1: $2"); echo "SKIP $1: $2"; fi
}
have() { command -v "$1" >/dev/null 2>&1; }
finish() {
  stop_java
  echo
  for s in "${summary[@]}"; do echo "  $s"; done
  echo "  total $(( $(date +%s) - t_start )) s, $skipped skipped"
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]] && exit 0 || exit 1
}
java_pids=()
stop_java() { local p; for p in "${java_pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; java_pids=(); }
trap stop_java EXIT

CLSID='{A942EFFA-6E9D-458E-96C2-C66E0D5DE9F0}'
LIBID='{D360D1EB-A028-44DA-B69F-86AC39EBE1FF}'
IID='{F02BD241-17AC-40B9-BE5B-FB218C3B7133}'

# ---- 1. build both DLLs with the COM server (own build trees; the native module's stay untouched) ---
jar="$root/dist/loymax-bridge.jar"
build() {   # build <x64|x86>
  local arch=$1 b tc
  if [[ $arch == x64 ]]; then b="$out/build-win64" tc=mingw-x64; else b="$out/build-win32" tc=mingw-x86; fi
  cmake -S bridge-native -B "$b" -DCMAKE_TOOLCHAIN_FILE="$root/bridge-native/cmake/$tc.cmake" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        ${LMX_JAR_ARG:+-DLMX_JAR="$jar"} >"$logs/build-$arch.log" 2>&1 && cmake --build "$b" -j 2 >>"$logs/build-$arch.log" 2>&1
}
[[ -f "$jar" ]] && LMX_JAR_ARG=1 || LMX_JAR_ARG=
built64=0 built32=0
if ! have cmake; then
  skip build "cmake is not installed"
else
  if have x86_64-w64-mingw32-gcc && { have x86_64-w64-mingw32-widl || have widl; }; then
    if build x64; then pass "build-x64 (COM server + type library)"; built64=1; else fail build-x64 "cmake build failed" "$logs/build-x64.log"; fi
  else
    skip build-x64 "x86_64-w64-mingw32-gcc or widl (gcc-mingw-w64-x86-64, mingw-w64-tools) missing"
  fi
  if have i686-w64-mingw32-gcc && { have i686-w64-mingw32-widl || have widl; }; then
    if build x86; then pass "build-x86 (COM server + type library)"; built32=1; else fail build-x86 "cmake build failed" "$logs/build-x86.log"; fi
  else
    skip build-x86 "i686-w64-mingw32-gcc or widl missing"
  fi
fi

# ---- 2. exports and the TYPELIB resource of both DLLs; the frozen IDL ------------------------------
for arch in x64 x86; do
  [[ $arch == x64 ]] && { [[ $built64 == 1 ]] || continue; b="$out/build-win64"; od=x86_64-w64-mingw32-objdump; }
  [[ $arch == x86 ]] && { [[ $built32 == 1 ]] || continue; b="$out/build-win32"; od=i686-w64-mingw32-objdump; }
  if cmake -DOBJDUMP=$od -DDLL="$b/loymax_bridge.dll" -P com-registration/tests/check_com_dll.cmake >"$logs/dll-$arch.log" 2>&1 \
     && cmake -DOBJDUMP=$od -DDLL="$b/loymax_bridge.dll" -DDEF="$root/bridge-native/src/loymax_bridge.def" \
          -P bridge-native/cmake/check_exports.cmake >>"$logs/dll-$arch.log" 2>&1; then
    pass "dll-$arch: undecorated Dll*/lmx_* exports, TYPELIB resource"
  else
    fail "dll-$arch" "exports or TYPELIB resource wrong" "$logs/dll-$arch.log"
  fi
  cp "$b/loymax_bridge.dll" "$inst/windows-$arch/"
  [[ -f "$b/lmx_comcheck.exe" ]] && cp "$b/lmx_comcheck.exe" "$inst/windows-$arch/"
done
if have cmake && cmake -DCURRENT=bridge-native/src/com/loymax_bridge.idl -DRELEASED=com-registration/released/loymax_bridge-1.0.idl \
     -P com-registration/tests/idl_frozen.cmake >"$logs/idl-frozen.log" 2>&1; then
  pass "idl-frozen (ILoymaxBridge equals com-registration/released/loymax_bridge-1.0.idl)"
else
  fail idl-frozen "$(grep -m1 -o 'published interface changed[^"]*' "$logs/idl-frozen.log" || echo 'see log')" "$logs/idl-frozen.log"
fi

# the check itself: a changed interface must fail with the message that says what to do instead
if have cmake; then
  sed 's/HRESULT ResetParams(void);/HRESULT ResetParams([in] long keep);/' bridge-native/src/com/loymax_bridge.idl >"$out/changed.idl"
  if ! cmake -DCURRENT="$out/changed.idl" -DRELEASED=com-registration/released/loymax_bridge-1.0.idl \
         -P com-registration/tests/idl_frozen.cmake >"$logs/idl-frozen-negative.log" 2>&1 \
     && tr '\n' ' ' <"$logs/idl-frozen-negative.log" | tr -s ' ' \
        | grep -q "published interface changed: add a new interface (ILoymaxBridge2, IID reserved in com-ids.md) instead"; then
    pass "idl-frozen-negative: a changed method fails with 'published interface changed: add a new interface (ILoymaxBridge2 …)'"
  else
    fail idl-frozen-negative "a changed IDL was not reported" "$logs/idl-frozen-negative.log"
  fi
fi

# ---- 3. the C# and Delphi samples that need no wine to build -----------------------------------------
if have mcs; then
  mkdir -p "$out/csharp"
  if mcs -nologo -warnaserror+ -out:"$out/csharp/ComSession.exe" samples-csharp/ComSession.cs >"$logs/csharp.log" 2>&1; then
    pass "csharp-com: samples-csharp/ComSession.cs compiles (mcs; it runs only on Windows .NET)"
  else
    fail csharp-com "mcs failed" "$logs/csharp.log"
  fi
else
  skip csharp-com "mcs (mono-mcs) is not installed"
fi

# ---- 4. wine -----------------------------------------------------------------------------------------
wine_cmd=""
have wine64 && wine_cmd=wine64
[[ -z "$wine_cmd" ]] && have wine && [[ -x /usr/lib/wine/wine64 ]] && wine_cmd=wine
if [[ $built64 != 1 || -z "$wine_cmd" ]]; then
  skip wine "wine64 is not installed or the x64 DLL was not built: nothing ran under wine"
  finish
fi
export WINEPREFIX="$out/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
if [[ "${LMX_COM_KEEP:-0}" != 1 || ! -f "$WINEPREFIX/system.reg" ]]; then
  rm -rf "$WINEPREFIX" && mkdir -p "$WINEPREFIX"
  t0=$(date +%s)
  if ! { wineboot -i >"$logs/wineboot.log" 2>&1; wineserver -w; }; then fail wineprefix "wineboot failed" "$logs/wineboot.log"; finish; fi
  echo "wine prefix created in $(( $(date +%s) - t0 )) s"
fi
W() { $wine_cmd "$@"; }
winpath() { echo "Z:${1//\//\\}"; }
dll64="$inst/windows-x64/loymax_bridge.dll"; wdll64="$(winpath "$dll64")"
dll32="$inst/windows-x86/loymax_bridge.dll"; wdll32="$(winpath "$dll32")"
comcheck="$inst/windows-x64/lmx_comcheck.exe"
comtest="$out/build-win64/lmx_comtest.exe"

# reg_dump HIVE VIEW: "key | name | value" of every value Loymax.Bridge may own, relative to Software\Classes
reg_dump() {
  local hive=$1 view=$2 k
  for k in "CLSID\\$CLSID" "Interface\\$IID" "TypeLib\\$LIBID" Loymax.Bridge Loymax.Bridge.1; do
    W reg query "$hive\\Software\\Classes\\$k" /s /reg:$view 2>/dev/null | tr -d '\r' | awk -v base="$hive\\Software\\Classes\\" '
      /^HKEY_/ { key = $0; sub(/^HKEY_LOCAL_MACHINE|^HKEY_CURRENT_USER/, "", key); sub(/^\\Software\\Classes\\/, "", key); next }
      /^    / { line = substr($0, 5); n = split(line, f, /    /); v = ""; for (i = 3; i <= n; i++) v = v (i > 3 ? "    " : "") f[i];
               print key " | " f[1] " | " v }'
  done | sort
}
# expected <dll-windows-path> <platform>: the list of com-ids.md with the placeholders filled in
expected_keys() {
  local dll=$1 plat=$2 dir="${1%\\*}\\"
  sed -n '/^```registry$/,/^```$/p' com-registration/com-ids.md | sed '1d;$d' \
    | DLL="$dll" DIR="$dir" PLAT="$plat" awk '{ gsub(/<dll>/, ENVIRON["DLL"]); gsub(/<dir>/, ENVIRON["DIR"]); gsub(/<platform>/, ENVIRON["PLAT"]); print }' | sort
}
nothing_left() {   # nothing_left LABEL: no key of ours in either hive or view
  local h v left=""
  for h in HKLM HKCU; do for v in 64 32; do
    [[ -n "$(reg_dump $h $v)" ]] && left+=" $h/$v"
  done; done
  echo "$left"
}

# ---- 4a. machine-wide registration: exactly the keys of com-ids.md, 64-bit view only --------------------
if W regsvr32 "$wdll64" >"$logs/regsvr32.log" 2>&1 && grep -q "Successfully registered" "$logs/regsvr32.log"; then
  reg_dump HKLM 64 >"$logs/keys-hklm64.txt"
  expected_keys "$wdll64" win64 >"$logs/keys-expected.txt"
  if ! diff -u "$logs/keys-expected.txt" "$logs/keys-hklm64.txt" >"$logs/keys-diff.txt"; then
    fail register "the registry differs from com-ids.md" "$logs/keys-diff.txt"
  elif W reg query "HKLM\\Software\\Classes\\CLSID\\$CLSID" /reg:32 >/dev/null 2>&1; then
    fail register "the x64 DLL wrote the 32-bit view"
  elif [[ -n "$(reg_dump HKCU 64)" ]]; then
    fail register "machine-wide registration wrote HKCU"
  else
    pass "register: wine regsvr32 writes exactly the $(wc -l <"$logs/keys-hklm64.txt") values of com-ids.md (HKLM, 64-bit view)"
  fi
else
  fail register "wine regsvr32 failed" "$logs/regsvr32.log"
fi

# ---- 4b. lmx_comcheck: 64-bit OK, 32-bit missing with the message and the fixing command -------------
(cd "$inst/windows-x64" && timeout 60 $wine_cmd lmx_comcheck.exe --create) >"$logs/comcheck.log" 2>&1
rc=$?
tr -d '\r' <"$logs/comcheck.log" >"$logs/comcheck.txt"
if [[ $rc -eq 0 ]] && grep -q "64-bit programs: OK (machine-wide)" "$logs/comcheck.txt" \
   && grep -q "32-bit programs: NOT REGISTERED" "$logs/comcheck.txt" && grep -q "Класс не зарегистрирован" "$logs/comcheck.txt" \
   && grep -q "0x80040154" "$logs/comcheck.txt" && grep -qF "SysWOW64\\regsvr32.exe \"$wdll32\"" "$logs/comcheck.txt" \
   && grep -q "create: .* OK, Version" "$logs/comcheck.txt"; then
  pass "comcheck: 64-bit OK, 32-bit 'Класс не зарегистрирован' (0x80040154) with the SysWOW64 regsvr32 command, object created"
else
  fail comcheck "exit $rc or unexpected report" "$logs/comcheck.txt"
fi

# ---- 4c. the C client: type library, vtable, arguments (Russian locale), apartments, threads, unload ---
if (cd "$inst/windows-x64" && LANG=ru_RU.UTF-8 timeout 180 $wine_cmd "$(winpath "$comtest")" all "$wdll64") >"$logs/comtest.log" 2>&1 \
   && grep -q "COMTEST PASS" "$logs/comtest.log"; then
  pass "comtest: type library, early binding, HRESULT+IErrorInfo, args with a ',' locale, STA<->MTA, 4 threads, DllCanUnloadNow"
else
  fail comtest "no COMTEST PASS" "$logs/comtest.log"
fi
t0=$(date +%s%N)
timeout 60 $wine_cmd "$(winpath "$comtest")" exit-without-release >"$logs/exit.log" 2>&1
rc=$? ms=$(( ($(date +%s%N) - t0) / 1000000 ))
if [[ $rc -eq 0 ]] && grep -q "EXIT WITHOUT RELEASE" "$logs/exit.log" && [[ $ms -lt 10000 ]]; then
  pass "exit-without-release: the host exited in $ms ms"
else
  fail exit-without-release "exit status $rc after $ms ms" "$logs/exit.log"
fi

# ---- 4d. the emulator and the host engine for the whole-purchase parts -------------------------------
config=""
if have java && [[ -f "$jar" ]]; then
  java -jar "$jar" emulator --port 0 >"$logs/emulator.log" 2>&1 </dev/null & java_pids+=($!)
  mkdir -p "$out/host-data"
  java -jar "$jar" host --port 0 --data-dir "$out/host-data" >"$logs/host.log" 2>&1 </dev/null & java_pids+=($!)
  url="" hostaddr="" token=""
  for _ in $(seq 1 300); do
    url="$(sed -n 's/^Loymax emulator .* on \(http:[^ ]*\).*/\1/p' "$logs/emulator.log" | head -1)"
    hostaddr="$(sed -n 's/^host listening on \([^,]*\), token file \([^ ]*\).*/\1/p' "$logs/host.log" | head -1)"
    token="$(sed -n 's/^host listening on \([^,]*\), token file \([^ ]*\).*/\2/p' "$logs/host.log" | head -1)"
    [[ -n "$url" && -n "$hostaddr" ]] && break
    sleep 0.1
  done
  if [[ -n "$url" && -n "$hostaddr" ]]; then
    url="${url%/}"
    [[ "$url" == */XmlExchange/* ]] || url="$url/XmlExchange/demo-partner/reg01/"
    wtoken="$(winpath "$token")"
    # dataDir is read by the host (Java on Linux): a Linux path, private to this run
    config="{\"engine\":\"host\",\"hostAddress\":\"$hostaddr\",\"tokenFile\":\"${wtoken//\\/\\\\}\",\"url\":\"$url\",\"partner\":\"demo-partner\",\"login\":\"reg01\",\"password\":\"secret\",\"dataDir\":\"$out/register-data\"}"
    echo "emulator $url, host $hostaddr"
  else
    fail java-services "the emulator or the host did not start" "$logs/host.log"
  fi
else
  skip whole-purchase "java or dist/loymax-bridge.jar missing: the purchase parts are skipped"
fi
export LMX_COM_CONFIG="$config"
if [[ -n "$config" ]]; then   # the same with a session really open on the host engine
  t0=$(date +%s%N)
  timeout 60 $wine_cmd "$(winpath "$comtest")" exit-without-release >"$logs/exit-open.log" 2>&1
  rc=$? ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  if [[ $rc -eq 0 ]] && grep -q "status executed: 0x00000000" "$logs/exit-open.log" && [[ $ms -lt 10000 ]]; then
    pass "exit-without-release-open: with a host-engine session open, the host exited in $ms ms"
  else
    fail exit-without-release-open "exit status $rc after $ms ms" "$logs/exit-open.log"
  fi
fi

# run_script NAME FILE: cscript; "PASS com-basics" required; purchase PASS, or SKIP while no host engine
run_script() {
  local name=$1 file=$2 log="$logs/$1.log" rc
  (cd "$inst/windows-x64" && timeout 300 $wine_cmd cscript //nologo "$(winpath "$root/$file")") >"$log" 2>&1
  rc=$?
  tr -d '\r' <"$log" >"$log.txt"
  if [[ $rc -eq 0 ]] && grep -q "^PASS com-basics" "$log.txt"; then pass "$name-basics: $(grep -m1 '^PASS com-basics' "$log.txt" | cut -c6-)"
  else fail "$name-basics" "exit status $rc, no 'PASS com-basics'" "$log.txt"; fi
  if grep -q "^PASS purchase" "$log.txt"; then pass "$name-purchase: $(grep -m1 '^purchase' "$log.txt")"
  elif grep -q "^SKIP purchase" "$log.txt"; then
    if [[ $require_host == 1 ]]; then fail "$name-purchase" "$(grep -m1 '^SKIP purchase' "$log.txt")"
    else skip "$name-purchase" "$(grep -m1 '^SKIP purchase' "$log.txt" | cut -c15- | cut -c1-150)" soft; fi
  else fail "$name-purchase" "no PASS/SKIP purchase line" "$log.txt"; fi
}
run_script vbscript com-registration/tests/purchase.vbs
run_script jscript com-registration/tests/purchase.js

# ---- 4d'. The README's VBScript, verbatim: a purchase written only from the README must work ------------
if [[ -n "$config" ]]; then
  readme_vbs="$out/readme.vbs"
  # the first ```vb block of the README, then a PASS line that only a script without a runtime error reaches
  awk '/^```vb$/{f=1;next} f&&/^```$/{exit} f' "$root/README.md" >"$readme_vbs"
  printf '\r\nWScript.Echo "PASS readme"\r\n' >>"$readme_vbs"
  # kept as UTF-8 bytes: wine's cscript reads no UTF-16 script, so Cyrillic literals arrive garbled
  # (only the cashier's name here; on Windows save such scripts as UTF-16 or in the ANSI code page)
  mkdir -p "$WINEPREFIX/drive_c/ProgramData/LoymaxBridge"
  printf '%s' "$config" >"$WINEPREFIX/drive_c/ProgramData/LoymaxBridge/config.json"
  (cd "$inst/windows-x64" && timeout 120 $wine_cmd cscript //nologo "$(winpath "$readme_vbs")") 2>&1 | tr -d '\r' >"$logs/readme.log"
  if grep -q "^PASS readme" "$logs/readme.log" && grep -Eq "^discount: [0-9]+\.[0-9]{2}, to pay: [0-9]+\.[0-9]{2}" "$logs/readme.log" \
     && grep -Eq "^bonuses accrued: [0-9]+\.[0-9]{2}" "$logs/readme.log"; then
    pass "readme-vbscript: the README's VBScript ran a purchase ($(grep -m1 '^discount' "$logs/readme.log"))"
  else
    fail readme-vbscript "no PASS readme / discount line" "$logs/readme.log"
  fi
  rm -f "$WINEPREFIX/drive_c/ProgramData/LoymaxBridge/config.json"
elif [[ $require_host == 1 ]]; then
  fail readme-vbscript "no host engine configuration"
fi

# ---- 4d''. Issue 6 under load: (a) the memory of the process hosting the object over create -> Open ->
#            Execute("status") -> release cycles from VBScript; (b) two processes, one through COM and one
#            through the C ABI, hammering one register through one host: the emulator never sees two of its
#            requests at once --------------------------------------------------------------------------------
# sampled_run NAME SYNCDIR EXE ARGS…: runs ARGS (a Windows program that stops at the marks start, warm and
# end: creates SYNCDIR\<mark>.ready, waits for <mark>.done) and reads VmRSS (KiB) of its wine process
# (the Linux process whose command line starts with …EXE and holds SYNCDIR) at each mark into rss[mark].
declare -A rss=()
sampled_rc=0
sampled_run() {
  local name=$1 sync=$2 exe=$3 m p c pid="" bg
  shift 3
  rm -rf "$sync" && mkdir -p "$sync" && rss=()
  (cd "$inst/windows-x64" && timeout 1200 $wine_cmd "$@") >"$logs/$name.log" 2>&1 &
  bg=$!
  for m in start warm end; do
    while [[ ! -f "$sync/$m.ready" && ! -f "$sync/end.ready" ]]; do kill -0 $bg 2>/dev/null || break 2; sleep 0.05; done
    if [[ -z "$pid" ]]; then   # not wine's start.exe, nor timeout: the program itself
      for p in /proc/[0-9]*; do
        c="$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)"
        [[ "${c%% *}" == *"$exe" && "$c" == *"$(winpath "$sync")"* ]] && { pid=${p#/proc/}; break; }
      done
    fi
    [[ -n "$pid" ]] && rss[$m]="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null)"
    touch "$sync/$m.done"
  done
  wait $bg
  sampled_rc=$?
  tr -d '\r' <"$logs/$name.log" >"$logs/$name.txt"
}
if [[ -n "$config" ]]; then
  # (a) Issue 6: "100,000 cycles grow the host's memory by less than 8 MB after warm-up".  Under wine a cycle
  # costs 2-4 ms (nearly all of it the host connection of Open: connect + hello + open; a C client is no
  # faster), so the default is 20,000 cycles with the same budget per cycle (8 MB per 90,000 after a warm-up
  # of a tenth); LMX_COM_CYCLES=100000 runs the requirement's count (about 4-7 minutes).
  cycles=${LMX_COM_CYCLES:-20000}
  warm=$(( cycles / 10 ))
  limit=$(( 8192 * (cycles - warm) / 90000 ))
  sampled_run cycles-vbs "$out/sync-cycles" '\cscript.exe' cscript //nologo \
    "$(winpath "$root/com-registration/tests/cycles.vbs")" "$cycles" "$warm" "$(winpath "$out/sync-cycles")"
  secs="$(sed -n 's/^PASS cycles [0-9]* in \([0-9.]*\) s$/\1/p' "$logs/cycles-vbs.txt")"
  if [[ $sampled_rc -ne 0 || -z "$secs" ]]; then
    fail cycles-memory "cycles.vbs: exit status $sampled_rc, no 'PASS cycles'" "$logs/cycles-vbs.txt"
  elif [[ -z "${rss[start]:-}" || -z "${rss[warm]:-}" || -z "${rss[end]:-}" ]]; then
    fail cycles-memory "the working set of cscript.exe could not be read (start ${rss[start]:-?}, warm ${rss[warm]:-?}, end ${rss[end]:-?} KiB)"
  else
    grew=$(( rss[end] - rss[warm] ))
    rate="$(awk -v s="$secs" -v n="$cycles" 'BEGIN { printf "%.2f ms/cycle", s * 1000 / n }')"
    what="$cycles create/Open/Execute(\"status\")/release cycles from VBScript in $secs s ($rate); working set ${rss[start]} KiB at start, ${rss[warm]} after $warm, ${rss[end]} after $cycles: +$grew KiB after warm-up (limit $limit KiB"
    [[ $cycles -lt 100000 ]] && what+=" = 8 MB x $(( cycles - warm ))/90,000; issue 6's count: LMX_COM_CYCLES=100000"
    if [[ $grew -lt $limit ]]; then pass "cycles-memory: $what)"; else fail cycles-memory "$what)"; fi
  fi

  # (b) Issue 6: "two processes (one through COM, one through the C ABI) hammering one register with 1,000
  # mixed calls never give the emulator two concurrent requests for it".  hammer.vbs: 500 calls through the
  # COM object; lmx_hosttest's host_worker (bridge-native/tests, built here with gcc against
  # dist/linux-x64/libloymax_bridge.so): 2 threads x 250 calls through the C ABI; both start at one signal.
  so="$root/dist/linux-x64/libloymax_bridge.so"
  hs="$out/sync-hammer"
  rm -rf "$hs" && mkdir -p "$hs"
  emu="${url%%/XmlExchange/*}"
  if ! have gcc || ! have curl || [[ ! -f "$so" ]]; then
    skip hammer "gcc, curl or dist/linux-x64/libloymax_bridge.so missing"
  elif ! gcc -O1 -o "$out/lmx_hosttest" bridge-native/tests/lmx_hosttest.c -Ibridge-native/include -lpthread -ldl \
         >"$logs/hammer-build.log" 2>&1; then
    fail hammer "building bridge-native/tests/lmx_hosttest.c failed" "$logs/hammer-build.log"
  else
    # the same register as the COM side: same host, url and login, no dataDir (the host's default queue)
    printf '%s' "{\"engine\":\"host\",\"hostAddress\":\"$hostaddr\",\"tokenFile\":\"$token\",\"url\":\"$url\",\"partner\":\"demo-partner\",\"login\":\"reg01\",\"password\":\"secret\"}" >"$hs/linux.json"
    curl -s -m 10 -X POST "$emu/admin/reset-metrics" >"$logs/hammer-metrics.json" 2>&1
    (cd "$inst/windows-x64" && timeout 300 $wine_cmd cscript //nologo "$(winpath "$root/com-registration/tests/hammer.vbs")" 500 3 "$(winpath "$hs")") \
      >"$logs/hammer-com.log" 2>&1 &
    bg=$!
    for _ in $(seq 1 600); do [[ -f "$hs/open.ready" ]] || ! kill -0 $bg 2>/dev/null && break; sleep 0.1; done
    t0=$(date +%s%N)
    touch "$hs/go"
    timeout 300 "$out/lmx_hosttest" host_worker "$so" "$hs/linux.json" 250 1 >"$logs/hammer-cabi.log" 2>&1
    crc=$? t1=$(date +%s%N)
    wait $bg
    vrc=$?
    tr -d '\r' <"$logs/hammer-com.log" >"$logs/hammer-com.txt"
    t2=$t1; [[ -f "$hs/calls.end" ]] && t2=$(date -r "$hs/calls.end" +%s%N)
    overlap=$(( ( (t1 < t2 ? t1 : t2) - t0 ) / 1000000 ))
    m="$(curl -s -m 10 "$emu/admin/metrics" | tee "$logs/hammer-metrics.json" | tr -d ' \r\n')"
    m="${m#*\"demo-partner/reg01\":}" && m="${m%%\"demo-partner/*}"
    mval() { sed -n "s/.*\"$1\":\(-\{0,1\}[0-9][0-9]*\).*/\1/p" <<<"$m" | head -1; }
    req="$(mval requests)" maxc="$(mval maxConcurrent)" locked="$(mval locked)"
    # processing calls made (balance + calculate): hammer.vbs reports its own; host_worker's are (k + seed) % 8 in {0, 4}
    pvbs="$(sed -n 's/^PASS hammer 500 calls (\([0-9]*\) balance, \([0-9]*\) calculate.*/\1 \2/p' "$logs/hammer-com.txt")"
    pc=0; for s in 2 3; do for ((k = 0; k < 250; k++)); do (( (k + s) % 8 == 0 || (k + s) % 8 == 4 )) && pc=$((pc + 1)); done; done
    [[ -n "$pvbs" ]] && pc=$(( pc + ${pvbs% *} + ${pvbs#* } ))
    what="COM process $(( (t2 - t0) / 1000000 )) ms, C ABI process $(( (t1 - t0) / 1000000 )) ms, $overlap ms together; emulator: requests ${req:-?} (expected $pc), maxConcurrent ${maxc:-?}, locked ${locked:-?}"
    if [[ $vrc -ne 0 || -z "$pvbs" ]]; then
      fail hammer "hammer.vbs: exit status $vrc, not every COM call succeeded; $what" "$logs/hammer-com.txt"
    elif [[ $crc -ne 0 ]] || ! grep -q "^worker 1: 500 calls, 0 failed" "$logs/hammer-cabi.log"; then
      fail hammer "the C ABI process: exit status $crc, not every call succeeded; $what" "$logs/hammer-cabi.log"
    elif [[ "$maxc" != 1 || "$locked" != 0 || -z "$req" || $req -lt $pc || $overlap -lt 500 ]]; then
      fail hammer "$what" "$logs/hammer-metrics.json"
    else
      pass "hammer: 1,000 mixed calls on demo-partner/reg01, 500 through COM (hammer.vbs) + 500 through the C ABI (lmx_hosttest host_worker, 2 threads), every call succeeded; $what"
    fi
  fi
elif [[ $require_host == 1 ]]; then
  fail cycles-memory "no host engine configuration"
  fail hammer "no host engine configuration"
fi

# ---- 4e. Delphi dialect (Free Pascal, win64): CreateOleObject('Loymax.Bridge'), late binding -----------
if have fpc && [[ -d "/usr/share/fpcsrc/$(fpc -iV)/packages" ]]; then
  if com-registration/tests/build-delphi-com.sh "$out/delphi" >"$logs/delphi-build.log" 2>&1; then
    dcfg="$config"; [[ -n "$dcfg" ]] || dcfg='{"engine":"host","hostAddress":"127.0.0.1:1"}'
    (cd "$inst/windows-x64" && LMX_CONFIG="$dcfg" timeout 300 $wine_cmd "$(winpath "$out/delphi/ComSession.exe")") >"$logs/delphi.log" 2>&1
    rc=$?
    tr -d '\r' <"$logs/delphi.log" >"$logs/delphi.txt"
    if [[ $rc -eq 0 ]] && [[ "$(tail -n 1 "$logs/delphi.txt")" == "PASS" ]]; then
      pass "delphi-com: ComSession.exe (fpc -Twin64 -Mdelphi) ran a whole purchase"
    elif grep -q "^Open failed: HRESULT 80040205, status 5: .*not available" "$logs/delphi.txt"; then
      pass "delphi-com: ComSession.exe created Loymax.Bridge, read Version, got the host error as EOleException"
      [[ $require_host == 1 ]] && fail delphi-com-purchase "the host engine is not available" || skip delphi-com-purchase "the host engine is not in the library yet" soft
    else
      fail delphi-com "exit status $rc, no PASS" "$logs/delphi.txt"
    fi
  else
    fail delphi-com "building ComSession.dpr for win64 failed" "$logs/delphi-build.log"
  fi
else
  skip delphi-com "fpc or fpc-source is not installed"
fi

# ---- 4f. unregistration removes every key, in both views and hives -----------------------------------
if W regsvr32 /u "$wdll64" >"$logs/unregsvr32.log" 2>&1 && grep -q "Successfully unregistered" "$logs/unregsvr32.log"; then
  left="$(nothing_left)"
  [[ -z "$left" ]] && pass "unregister: no key left (HKLM and HKCU, 64- and 32-bit views)" || fail unregister "keys left in$left"
else
  fail unregister "wine regsvr32 /u failed" "$logs/unregsvr32.log"
fi

# ---- 4g. per-user registration (regsvr32 /n /i:user): HKCU only; comcheck warns -----------------------
if W regsvr32 /n /i:user "$wdll64" >"$logs/user-reg.log" 2>&1; then
  reg_dump HKCU 64 >"$logs/keys-hkcu64.txt"
  if ! diff -u "$logs/keys-expected.txt" "$logs/keys-hkcu64.txt" >"$logs/keys-user-diff.txt"; then
    fail per-user "HKCU differs from com-ids.md" "$logs/keys-user-diff.txt"
  elif [[ -n "$(reg_dump HKLM 64)" ]]; then
    fail per-user "per-user registration wrote HKLM"
  else
    (cd "$inst/windows-x64" && timeout 60 $wine_cmd lmx_comcheck.exe) 2>&1 | tr -d '\r' >"$logs/comcheck-user.txt"
    if grep -q "64-bit programs: OK for this user only" "$logs/comcheck-user.txt" && grep -q "invisible to services" "$logs/comcheck-user.txt" \
       && grep -q "elevated processes" "$logs/comcheck-user.txt"; then
      W regsvr32 /u /n /i:user "$wdll64" >>"$logs/user-reg.log" 2>&1
      left="$(nothing_left)"
      [[ -z "$left" ]] && pass "per-user: /n /i:user writes the com-ids.md keys under HKCU only; comcheck warns (services, elevated); /u removes them" \
                       || fail per-user "keys left after /u /n /i:user in$left"
    else
      fail per-user "comcheck did not report the per-user registration and its warning" "$logs/comcheck-user.txt"
    fi
  fi
else
  fail per-user "regsvr32 /n /i:user failed" "$logs/user-reg.log"
fi
W regsvr32 /u /s /n /i:user "$wdll64" >/dev/null 2>&1

# ---- 4h. both bitnesses side by side: a 32-bit registration (written as the x86 DLL would, with reg
#          /reg:32 — 32-bit code cannot run here) survives the x64 DLL's unregistration ---------------
reg32() {   # reg32 KEY NAME|"" VALUE
  if [[ -n "$2" ]]; then W reg add "HKLM\\Software\\Classes\\$1" /v "$2" /d "$3" /f /reg:32 >/dev/null 2>&1
  else W reg add "HKLM\\Software\\Classes\\$1" /ve /d "$3" /f /reg:32 >/dev/null 2>&1; fi
}
reg32 "CLSID\\$CLSID\\InprocServer32" "" "$wdll32"
reg32 "CLSID\\$CLSID\\InprocServer32" ThreadingModel Both
reg32 "Interface\\$IID\\ProxyStubClsid32" "" "{00020424-0000-0000-C000-000000000046}"
reg32 "TypeLib\\$LIBID\\1.0\\0\\win32" "" "$wdll32"
reg32 "Loymax.Bridge\\CLSID" "" "$CLSID"
reg32 "Loymax.Bridge.1\\CLSID" "" "$CLSID"
W regsvr32 /s "$wdll64" >/dev/null 2>&1
(cd "$inst/windows-x64" && timeout 60 $wine_cmd lmx_comcheck.exe) 2>&1 | tr -d '\r' >"$logs/comcheck-both.txt"
both_ok=0
grep -q "64-bit programs: OK (machine-wide)" "$logs/comcheck-both.txt" && grep -q "32-bit programs: OK (machine-wide)" "$logs/comcheck-both.txt" \
  && grep -q "DLL present, 32-bit (PE header)" "$logs/comcheck-both.txt" && both_ok=1
W regsvr32 /u /s "$wdll64" >/dev/null 2>&1
# (on Windows 7+ the ProgIDs and TypeLib are one key for both views; wine keeps them per view: look at both)
kept="$( (reg_dump HKLM 32; reg_dump HKLM 64) | sort -u)"
if [[ $both_ok == 1 ]] && grep -q "InprocServer32 | (Default) | " <<<"$kept" && grep -q "^Loymax.Bridge\\\\CLSID" <<<"$kept" \
   && grep -q 'TypeLib.*\\0\\win32' <<<"$kept" && ! grep -q 'win64' <<<"$kept" \
   && ! W reg query "HKLM\\Software\\Classes\\CLSID\\$CLSID" /reg:64 >/dev/null 2>&1; then
  pass "side-by-side: comcheck sees both bitnesses; unregistering x64 keeps the 32-bit CLSID, ProgIDs and TypeLib win32"
else
  fail side-by-side "comcheck ok=$both_ok; 32-bit keys after x64 unregistration: $(echo $kept | cut -c1-300)" "$logs/comcheck-both.txt"
fi
# wrong bitness: the 32-bit view pointing at the 64-bit DLL
reg32 "CLSID\\$CLSID\\InprocServer32" "" "$wdll64"
(cd "$inst/windows-x64" && timeout 60 $wine_cmd lmx_comcheck.exe) 2>&1 | tr -d '\r' >"$logs/comcheck-wrong.txt"
rc=${PIPESTATUS[0]}
if grep -q "the DLL is 64-bit, not 32-bit" "$logs/comcheck-wrong.txt" && grep -q "RESULT: 1 problem" "$logs/comcheck-wrong.txt"; then
  pass "comcheck-wrong-bitness: a 32-bit registration of the 64-bit DLL is reported (PE header)"
else
  fail comcheck-wrong-bitness "not reported" "$logs/comcheck-wrong.txt"
fi
for k in "CLSID\\$CLSID" "Interface\\$IID" "TypeLib\\$LIBID" Loymax.Bridge Loymax.Bridge.1; do
  W reg delete "HKLM\\Software\\Classes\\$k" /f /reg:32 >/dev/null 2>&1
  W reg delete "HKLM\\Software\\Classes\\$k" /f /reg:64 >/dev/null 2>&1
done

# ---- 4h'. register.cmd / unregister.cmd (the right regsvr32 per bitness; x64 only here) ------------
cp com-registration/register.cmd com-registration/unregister.cmd com-registration/lmx_regsvr.cmd "$inst/"
regcmd() { (cd "$inst" && timeout 60 $wine_cmd cmd /c "$@") 2>&1 | tr -d '\r'; }
r1="$(regcmd register.cmd x64)"; k1="$(reg_dump HKLM 64)"
r2="$(regcmd unregister.cmd x64)"; l2="$(nothing_left)"
r3="$(regcmd register.cmd user x64)"; k3="$(reg_dump HKCU 64)"
r4="$(regcmd unregister.cmd user x64)"; l4="$(nothing_left)"
printf '%s\n' "$r1" "$r2" "$r3" "$r4" >"$logs/register-cmd.log"
if grep -q "^64-bit registered machine-wide" <<<"$r1" && [[ "$k1" == "$(cat "$logs/keys-expected.txt")" && -z "$l2" ]] \
   && grep -q "^64-bit registered for the current user" <<<"$r3" && [[ "$k3" == "$(cat "$logs/keys-expected.txt")" && -z "$l4" ]]; then
  pass "register-cmd: register.cmd / unregister.cmd, machine-wide and user, write and remove exactly the com-ids.md keys"
else
  fail register-cmd "unexpected output or keys (left after unregister:${l2:-none}/${l4:-none})" "$logs/register-cmd.log"
fi

# ---- 4i. registration-free COM: the sxs manifest beside the DLL, nothing registered ------------------
left="$(nothing_left)"
cp com-registration/sxs/x64/Loymax.Bridge.manifest "$inst/windows-x64/"
if [[ -n "$left" ]]; then
  fail regfree "keys still registered in$left"
elif (cd "$inst/windows-x64" && timeout 60 $wine_cmd "$(winpath "$comtest")" regfree "$(winpath "$inst/windows-x64/Loymax.Bridge.manifest")") >"$logs/regfree.log" 2>&1 \
     && grep -q "REGFREE PASS" "$logs/regfree.log"; then
  pass "regfree: created through an activation context from com-registration/sxs/x64/Loymax.Bridge.manifest, nothing registered"
else
  fail regfree "no REGFREE PASS" "$logs/regfree.log"
fi

finish
