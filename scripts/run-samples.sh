#!/usr/bin/env bash
# Builds and runs the register samples against one Loymax emulator, through the real native library:
#   c-demo         samples-c/register_demo.c -> dist/linux-x64/lmx_demo (gcc)
#   c-demo-offline samples-c/run-demo.sh (what ./demo.sh runs): online purchase, two sales with its
#                  own emulator stopped, replay after the restart, balances checked
#   c-demo-readonly-tmp  the C demo as user nobody with a read-only temp folder: SQLite's native
#                  library is the one beside the bridge library, nothing extracted to a temp folder
#   c-demo-linux-service  the Linux service unit (bridge-native/linux/loymax-bridge-host@.service):
#                  systemd-analyze verify, its ExecStart run as systemd would, as user nobody, the C
#                  demo through it ("engine":"host"), SIGTERM stops it in order
#   delphi-linux   samples-delphi (Free Pascal, -Mdelphi, cdecl, libloymax_bridge.so)
#   c-win-x64, c-win-x86          the C demo cross-compiled with MinGW (import library, stdcall on
#                  x86) and run under wine of its bitness through the host engine: a whole purchase
#   delphi-win-x64, delphi-win-x86   RegisterSession.lpr compiled with Free Pascal for win64/win32
#                  (Delphi mode, stdcall, W functions), run the same way
#   csharp-mono    samples-csharp (mcs, run with mono, P/Invoke to libloymax_bridge.so)
# Each prints PASS/FAIL/SKIP; the last line is "N passed, N failed"; exit status 1 on any failure.
#
#   scripts/run-samples.sh            after: mvn -B package -DskipTests
#                                     and:   scripts/toolchains.sh --install samples
#   LMX_STRICT=1 scripts/run-samples.sh   a missing toolchain (gcc, mingw, fpc, fpc-source, mcs, mono,
#                                         wine, 32-bit wine) is a failure instead of a skip; the 32-bit
#                                         runs alone are skipped, with a WARNING line, when the i386
#                                         package lists could not be fetched (scripts/toolchains.sh)
# Caches the Free Pascal Windows RTLs and ppc386 (built from fpc-source, ~20 s) under target/fpc-rtl/.
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
  rm -rf "$base" && mkdir -p "$base"
  chmod 755 "$base"
  if ! "${as_nobody[@]}" test -x "$base"; then
    # the repository is in a folder nobody cannot enter (e.g. /root): the whole setup goes to /var/tmp
    base="$(mktemp -d /var/tmp/lmx-readonly-tmp.XXXXXX)" && chmod 755 "$base" && ro_cleanup+=("$base")
  fi
  mkdir -p "$base/install" "$base/tmp" "$base/data" "$base/data-control"
  inst="$base/install" ro="$base/tmp" data="$base/data"
  chmod 755 "$inst"
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

# ---- Linux: the host as a systemd service (bridge-native/linux/loymax-bridge-host@.service) -------
# What a 1C:Enterprise on Linux uses (docs/linux-host-service.md).  No systemd runs here (CI is a
# container), so the unit is checked the two ways that need none:
#   - systemd-analyze verify of the shipped unit as an instance (directives, ExecStart's program), and
#     a copy with a missing program must fail it (the check can fail);
#   - its ExecStart run the way systemd runs it: as the instance's user (nobody when root), with the
#     unit's Environment and UMask, the state folder made as StateDirectory makes it, a clean
#     environment and standard input from /dev/null; /opt/loymax-bridge and /etc/loymax-bridge mapped
#     to a copy of dist/linux-x64 and a folder of this run.  PASS needs: the C demo, as the same user,
#     opening /etc/loymax-bridge/<user>.json ("engine":"host") makes a whole purchase through it;
#     SIGTERM (systemd's stop) ends the host within TimeoutStopSec with an exit code SuccessExitStatus
#     names, after closing in order; SQLite's library loaded from the install folder (the tool finds
#     it beside its jar); nothing in the state folder readable by others (UMask); the token file is
#     the user's alone.
linux_service_check() {
  local name=c-demo-linux-service t0=$(date +%s) log="$logs/c-demo-linux-service.log"
  local unit=bridge-native/linux/loymax-bridge-host@.service base user home as_user=() inst cfg state
  local hostlog="$logs/linux-service-host.log" port mapped cmd envs umask_ stop_s ok_codes pid rc i code
  if [[ $(id -u) -eq 0 ]]; then
    user=nobody as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else
    user=$(id -un)
  fi
  home=$(getent passwd "$user" | cut -d: -f6)
  base="$(mktemp -d /var/tmp/lmx-service.XXXXXX)" && chmod 755 "$base" && ro_cleanup+=("$base")
  mkdir -p "$base/shipped" "$base/broken" "$base/opt" "$base/etc"
  # 1. the unit as shipped, as the instance of this user
  cp "$unit" "$base/shipped/loymax-bridge-host@$user.service"
  if ! systemd-analyze verify "$base/shipped/loymax-bridge-host@$user.service" >"$log" 2>&1; then
    fail $name "systemd-analyze verify rejects $unit (instance $user)" "$log"; return
  fi
  sed 's#^ExecStart=/usr/bin/java #ExecStart=/usr/bin/no-such-java #' "$unit" >"$base/broken/loymax-bridge-host@$user.service"
  if systemd-analyze verify "$base/broken/loymax-bridge-host@$user.service" >>"$log" 2>&1; then
    fail $name "control: systemd-analyze verify accepted a unit whose ExecStart program does not exist" "$log"; return
  fi
  # 2. installed as docs/linux-host-service.md says, under $base
  inst="$base/opt" cfg="$base/etc/$user.json" state="$base/state/$user"
  cp -p "$dist"/lmx_demo "$dist"/libloymax_bridge.so "$dist"/libsqlitejdbc.so "$dist"/loymax-bridge.jar "$inst/" \
    || { fail $name "cannot copy dist/linux-x64 to $inst"; return; }
  chmod 755 "$inst" "$base/etc"
  mkdir -p "$state" && chmod 0750 "$state"               # StateDirectory=, StateDirectoryMode=
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "{\"engine\":\"host\",\"hostAddress\":\"127.0.0.1:$port\",\"url\":\"$url\",\"partner\":\"demo-partner\",\"login\":\"reg01\",\"password\":\"secret\",\"dataDir\":\"$state\"}" >"$cfg"
  chmod 600 "$cfg"
  [[ $(id -u) -eq 0 ]] && chown 65534:65534 "$cfg" "$state"
  mapped="$(sed -e "s#/opt/loymax-bridge#$inst#g" -e "s#/etc/loymax-bridge#$base/etc#g" -e "s#/var/lib/loymax-bridge#$base/state#g" -e "s#%i#$user#g" "$unit")"
  read -ra cmd <<<"$(sed -n 's/^ExecStart=//p' <<<"$mapped")"
  read -ra envs <<<"$(sed -n 's/^Environment=//p' <<<"$mapped")"
  umask_=$(sed -n 's/^UMask=//p' <<<"$mapped")
  stop_s=$(sed -n 's/^TimeoutStopSec=//p' <<<"$mapped")
  ok_codes="0 $(sed -n 's/^SuccessExitStatus=//p' <<<"$mapped")"
  [[ ${#cmd[@]} -gt 3 && -n "$umask_" && -n "$stop_s" ]] || { fail $name "the unit has no ExecStart, UMask or TimeoutStopSec" "$unit"; return; }
  ( umask "$umask_"; cd / && exec "${as_user[@]}" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME="$home" USER="$user" LOGNAME="$user" "${envs[@]}" "${cmd[@]}" ) </dev/null >"$hostlog" 2>&1 &
  pid=$!
  for ((i = 0; i < 600; i++)); do
    grep -q "^host listening on 127.0.0.1:$port" "$hostlog" && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
  done
  if ! grep -q "^host listening on 127.0.0.1:$port" "$hostlog" || ! grep -q "^register $cfg open" "$hostlog"; then
    kill $pid 2>/dev/null; wait $pid 2>/dev/null
    fail $name "the unit's ExecStart did not start the host with the register open on 127.0.0.1:$port" "$hostlog"; return
  fi
  # the SQLite library the host loaded: the installed one (the tool looks beside its jar), not a temp copy
  local sqlite_maps
  sqlite_maps="$(awk '/sqlite/ && $6 ~ /\.so/ {print $6}' "/proc/$pid/maps" 2>/dev/null | sort -u | tr '\n' ' ')"
  # 3. the register program: the same user, the same configuration file
  (cd "$state" && timeout 120 "${as_user[@]}" "$inst/lmx_demo" "$cfg") >"$log" 2>&1
  rc=$?
  # 4. systemd's stop
  kill -TERM $pid
  code=timeout
  for ((i = 0; i < stop_s * 10; i++)); do kill -0 $pid 2>/dev/null || { wait $pid; code=$?; break; }; sleep 0.1; done
  [[ $code == timeout ]] && { kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null; }
  if [[ $rc -ne 0 || "$(tail -n 1 "$log")" != "PASS" ]]; then
    fail $name "the C demo through the service's host: exit status $rc, no PASS line" "$log"; return
  elif ! grep -q "OP register=reg01 command=confirm .*status=0 online=true" "$state/logs/loymax-bridge.log" 2>/dev/null; then
    fail $name "the service's host logged no confirmed purchase: the demo did not go through it" "$state/logs/loymax-bridge.log"; return
  elif [[ " $ok_codes " != *" $code "* ]]; then
    fail $name "SIGTERM: the host ended with $code, not one of SuccessExitStatus ($ok_codes) within TimeoutStopSec=$stop_s" "$hostlog"; return
  elif ! grep -q "host on port $port closed" "$state/logs/loymax-bridge.log" 2>/dev/null; then
    fail $name "SIGTERM: no \"host on port $port closed\" in $state/logs/loymax-bridge.log (not stopped in order)" "$hostlog"; return
  elif [[ "$sqlite_maps" != "$inst/libsqlitejdbc.so " ]]; then
    fail $name "the host did not load SQLite's library from the install folder ($inst/libsqlitejdbc.so) but: ${sqlite_maps:-none}" "$hostlog"; return
  elif [[ -n "$(find "$state" -perm /o+rwx)" ]]; then
    fail $name "UMask: readable by others in the state folder: $(find "$state" -perm /o+rwx | tr '\n' ' ')"; return
  elif [[ "$(stat -c '%a %U' "$state/host.token")" != "600 $user" ]]; then
    fail $name "the token file is not the user's alone: $(stat -c '%a %U' "$state/host.token")"; return
  fi
  echo "$name: as $user, SQLite from $sqlite_maps, host exit code $code after SIGTERM, state: $(cd "$state" && ls | tr '\n' ' ')" >>"$log"
  pass "$name" $(( $(date +%s) - t0 ))
}
if [[ -x "$dist/lmx_demo" ]]; then
  if ! have systemd-analyze; then
    missing_tool c-demo-linux-service "systemd-analyze (systemd)"
  elif [[ ! -x /usr/bin/java ]]; then
    missing_tool c-demo-linux-service "/usr/bin/java (the unit's ExecStart: openjdk-17-jre-headless)"
  else
    linux_service_check
  fi
  for d in "${ro_cleanup[@]}"; do rm -rf "$d"; done
elif have gcc; then
  fail c-demo-linux-service "dist/linux-x64/lmx_demo is missing (built by samples-c/build.sh)"
else
  missing_tool c-demo-linux-service gcc
fi

# ---- Delphi sources: UTF-8 with a BOM ------------------------------------------------------------
# Delphi reads a source file without a BOM in the ANSI code page, so Cyrillic literals of a UTF-8 file
# without one garble (Free Pascal's {$CODEPAGE UTF8} hides that).  Every Pascal file with a byte
# above 0x7F must start with EF BB BF; the check is shown to fail on a file without one.
bomless_pascal() {   # FILES…: prints those with non-ASCII bytes and no UTF-8 BOM
  local f
  for f in "$@"; do
    if LC_ALL=C grep -q -P '[\x80-\xFF]' "$f" && [[ "$(head -c 3 "$f" | od -An -tx1 | tr -d ' \n')" != "efbbbf" ]]; then echo "$f"; fi
  done
}
t0=$(date +%s)
mapfile -t pascal < <(git ls-files '*.pas' '*.dpr' '*.lpr' '*.dpk' '*.inc' 2>/dev/null | grep -Ei '\.(pas|dpr|lpr|dpk|inc)$')
[[ ${#pascal[@]} -gt 0 ]] || mapfile -t pascal < <(find samples-delphi -name '*.pas' -o -name '*.dpr' -o -name '*.lpr')
printf '{ Проверка }\nprogram NoBom;\nbegin\nend.\n' >"$out/NoBom.dpr"
bad="$(bomless_pascal "${pascal[@]}")"
if [[ ${#pascal[@]} -ge 3 && -z "$bad" && "$(bomless_pascal "$out/NoBom.dpr")" == "$out/NoBom.dpr" ]]; then
  pass "delphi-utf8-bom: ${#pascal[@]} Pascal files, each with Cyrillic starts with a UTF-8 BOM (a file without one is caught)" $(( $(date +%s) - t0 ))
else
  fail delphi-utf8-bom "Pascal files with non-ASCII text and no UTF-8 BOM (Delphi reads them as ANSI): ${bad:-<none>}; files checked: ${#pascal[@]}"
fi

# ---- Delphi dialect, Free Pascal: Linux ----------------------------------------------------------
if have fpc; then
  mkdir -p "$out/delphi-linux"
  if fpc -Mdelphi -O2 -vewn -FE"$out/delphi-linux" -FU"$out/delphi-linux" samples-delphi/RegisterSession.lpr \
       >"$logs/delphi-linux-build.log" 2>&1; then
    # LoymaxBridge.pas loads libloymax_bridge.so at run time: beside the program, else the system's
    # search (here LD_LIBRARY_PATH: the library is in dist/)
    LD_LIBRARY_PATH="$dist${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
      run_sample delphi-linux "$logs/delphi-linux.log" "$out/delphi-linux/RegisterSession" "$(config delphi)"
    # without the library the program starts and says so (a static binding stopped it at load time)
    t0=$(date +%s)
    mkdir -p "$out/delphi-linux-no-library" && cp "$out/delphi-linux/RegisterSession" "$out/delphi-linux-no-library/"
    (cd "$out/delphi-linux-no-library" && env -u LD_LIBRARY_PATH timeout 60 ./RegisterSession "$(config delphi)") \
      >"$logs/delphi-linux-no-library.log" 2>&1
    rc=$?
    if [[ $rc -eq 3 ]] && grep -q '^WITHOUT LOYALTY (status -1): библиотека моста libloymax_bridge.so не загружена' "$logs/delphi-linux-no-library.log"; then
      pass "delphi-linux-no-library: no libloymax_bridge.so: the program starts, ELoymaxError in Russian, exit 3" $(( $(date +%s) - t0 ))
    else
      fail delphi-linux-no-library "exit status $rc, want 3 with a 'WITHOUT LOYALTY' line" "$logs/delphi-linux-no-library.log"
    fi
  else
    fail delphi-linux "fpc failed" "$logs/delphi-linux-build.log"
  fi
else
  missing_tool delphi-linux fpc
fi

# ---- Windows x64 and x86: the C and Delphi-dialect samples under wine, through the host engine -----
# For each bitness (one harness, scripts/lib/wine.sh): the C demo cross-compiled with MinGW and linked
# the ordinary way (header + import library loymax_bridge.lib: stdcall with decorated import names on
# x86), and RegisterSession.lpr compiled with Free Pascal for win64 / win32 in Delphi mode (stdcall,
# the W functions), as a Delphi register program would be.  Each is "installed" beside the DLL of its
# bitness and runs a whole purchase under the wine loader of its bitness; there is no Windows JVM
# here, so the register uses the host engine: a `loymax-bridge host` on Linux, reached over winsock.
# The exe's imports from loymax_bridge.dll must all be exports of the .def file.
. "$root/scripts/lib/wine.sh"
. "$root/scripts/lib/fpc-win.sh"
host_pid="" hostaddr="" hosttoken=""
start_host() {
  mkdir -p "$out/host-data"
  java -jar dist/loymax-bridge.jar host --port 0 --data-dir "$out/host-data" >"$logs/host.log" 2>&1 </dev/null &
  host_pid=$!
  for _ in $(seq 1 300); do
    hostaddr="$(sed -n 's/^host listening on \([^,]*\), token file \([^ ]*\).*/\1/p' "$logs/host.log" | head -1)"
    hosttoken="$(sed -n 's/^host listening on \([^,]*\), token file \([^ ]*\).*/\2/p' "$logs/host.log" | head -1)"
    [[ -n "$hostaddr" && -n "$hosttoken" ]] && return 0
    kill -0 "$host_pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
stop_host() { if [[ -n "$host_pid" ]]; then kill "$host_pid" 2>/dev/null; wait "$host_pid" 2>/dev/null; host_pid=""; fi; }
trap 'stop_host; stop_emulator' EXIT
host_config() {   # the register through the host engine; dataDir is the host's (a Linux path)
  local wt; wt="$(winpath "$hosttoken")"
  echo "{\"engine\":\"host\",\"hostAddress\":\"$hostaddr\",\"tokenFile\":\"${wt//\\/\\\\}\",\"url\":\"$url\",\"partner\":\"demo-partner\",\"login\":\"reg01\",\"password\":\"secret\",\"dataDir\":\"$out/data-$1\"}"
}
imports_ok() {   # EXE LOG: its loymax_bridge.dll imports are a non-empty subset of the .def exports
  local exe=$1 log=$2 imports exports unknown
  objdump -p "$exe" >"$log" 2>&1
  imports="$(sed -n '/DLL Name: loymax_bridge.dll/,/^$/p' "$log" | awk 'NR>2 && NF>=3 {print $3}' | sort)"
  exports="$(sed -n '/^EXPORTS/,$p' bridge-native/src/loymax_bridge.def | awk 'NR>1 && $1 !~ /^;/ && NF {print $1}' | sort)"
  unknown="$(comm -23 <(echo "$imports") <(echo "$exports"))"
  [[ -n "$imports" && -z "$unknown" ]] && return 0
  echo "imports not exported by loymax_bridge.def: ${unknown:-<none imported>}" >>"$log"
  return 1
}
# run_windows NAME ARCH EXE CONFIG-ARG: copies EXE beside the DLL of ARCH and runs it; PASS as run_sample
run_windows() {
  local name=$1 arch=$2 exe=$3 cfgname=$4 dir="$out/$1-install" log="$logs/$1.log" t0=$(date +%s) rc cfgfile
  rm -rf "$dir" && mkdir -p "$dir"
  cp "$exe" "$root/dist/windows-$arch/loymax_bridge.dll" "$dir/"
  # the configuration as a file: a JSON argument does not survive every runtime's command-line parsing
  cfgfile="$dir/config.json"
  host_config "$cfgname" >"$cfgfile"
  (cd "$dir" && timeout 120 "$(wine_loader "$arch")" "$(basename "$exe")" "$(winpath "$cfgfile")") >"$log" 2>&1
  rc=$?
  tr -d '\r' <"$log" >"$log.txt"
  if [[ $rc -eq 0 && "$(tail -n 1 "$log.txt")" == "PASS" ]]; then pass "$name" $(( $(date +%s) - t0 ))
  elif [[ $rc -eq 124 ]]; then fail "$name" "timed out after 120 s" "$log.txt"
  else fail "$name" "exit status $rc, no PASS line" "$log.txt"; fi
}
windows_samples() {   # ARCH
  local arch=$1 cc exe t0 g rc
  if [[ ! -f "$root/dist/windows-$arch/loymax_bridge.dll" ]]; then
    fail "c-win-$arch" "dist/windows-$arch/loymax_bridge.dll is missing (the native module builds it with MinGW)"; return
  fi
  g=0; wine_gate "$arch" || g=$?
  if [[ $g -eq 2 && $arch == x86 && -s "$root/target/toolchains/wine32-skipped" ]]; then
    skipped=$((skipped + 2)); summary+=("SKIP c-win-x86, delphi-win-x86: $WINE_WHY"); return
  elif [[ $g -ne 0 ]]; then
    missing_tool "c-win-$arch" "$WINE_WHY"; missing_tool "delphi-win-$arch" "$WINE_WHY"; return
  fi
  # C: MinGW, the import library, -Werror as samples-c/build.sh
  [[ $arch == x64 ]] && cc=x86_64-w64-mingw32-gcc || cc=i686-w64-mingw32-gcc
  exe="$out/c-win-$arch/lmx_demo.exe"
  mkdir -p "$(dirname "$exe")"
  if ! have "$cc"; then
    missing_tool "c-win-$arch" "$cc"
  elif "$cc" -std=c99 -O2 -Wall -Wextra -Werror -Ibridge-native/include samples-c/register_demo.c \
         "$root/dist/windows-$arch/loymax_bridge.lib" -static-libgcc -o "$exe" >"$logs/c-win-$arch-build.log" 2>&1; then
    if imports_ok "$exe" "$logs/c-win-$arch-imports.log"; then run_windows "c-win-$arch" "$arch" "$exe" "c-win-$arch"
    else fail "c-win-$arch" "import table" "$logs/c-win-$arch-imports.log"; fi
  else
    fail "c-win-$arch" "$cc failed" "$logs/c-win-$arch-build.log"
  fi
  # Delphi dialect: Free Pascal for win64 / win32
  t0=$(date +%s)
  exe="$out/delphi-win-$arch/RegisterSession.exe"
  mkdir -p "$(dirname "$exe")"
  if ! have fpc; then
    missing_tool "delphi-win-$arch" fpc
  elif ! fpc_win_prepare "$arch" 2>"$logs/fpc-$arch-prepare.log"; then
    fail "delphi-win-$arch" "the Free Pascal $arch Windows RTL could not be built" "$logs/fpc-$arch-prepare.log"
  elif fpc_win "$arch" -Mdelphi -O2 -vewn -FE"$(dirname "$exe")" -FU"$(dirname "$exe")" samples-delphi/RegisterSession.lpr \
         >"$logs/delphi-win-$arch-build.log" 2>&1 && [[ "$(wine_pe_arch "$exe")" == "$arch" ]]; then
    # LoymaxBridge.pas loads loymax_bridge.dll at run time (LoadLibrary/GetProcAddress): no import of it
    objdump -p "$exe" >"$logs/delphi-win-$arch-imports.log" 2>&1
    if ! grep -qi 'DLL Name: loymax_bridge.dll' "$logs/delphi-win-$arch-imports.log"; then run_windows "delphi-win-$arch" "$arch" "$exe" "delphi-win-$arch"
    else fail "delphi-win-$arch" "the exe imports loymax_bridge.dll statically" "$logs/delphi-win-$arch-imports.log"; fi
    # the exe alone, without the DLL: it starts and reports the missing library
    t0=$(date +%s)
    g="$out/delphi-win-$arch-no-dll"
    rm -rf "$g" && mkdir -p "$g" && cp "$exe" "$g/"
    host_config "delphi-win-$arch" >"$g/config.json"
    (cd "$g" && timeout 60 "$(wine_loader "$arch")" RegisterSession.exe "$(winpath "$g/config.json")") >"$logs/delphi-win-$arch-no-dll.log" 2>&1
    rc=$?
    if [[ $rc -eq 3 ]] && tr -d '\r' <"$logs/delphi-win-$arch-no-dll.log" | grep -q '^WITHOUT LOYALTY (status -1): .*loymax_bridge.dll'; then
      pass "delphi-win-$arch-no-dll: no loymax_bridge.dll: the program starts, ELoymaxError, exit 3" $(( $(date +%s) - t0 ))
    else
      fail "delphi-win-$arch-no-dll" "exit status $rc, want 3 with a 'WITHOUT LOYALTY' line" "$logs/delphi-win-$arch-no-dll.log"
    fi
  else
    fail "delphi-win-$arch" "Free Pascal for $arch Windows failed (or the exe is not $arch)" "$logs/delphi-win-$arch-build.log"
  fi
}
if have java && start_host; then
  wine_prefix_init "$root/target/wine-samples" || fail wine-prefix "wineboot failed" "$root/target/wine-samples.wineboot.log"
  windows_samples x64
  windows_samples x86
  wineserver -k 2>/dev/null
else
  fail windows-samples "the host engine (loymax-bridge host) did not start" "$logs/host.log"
fi
stop_host

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
