#!/usr/bin/env bash
# Installs, upgrades and removes the Loymax Bridge MSI under wine (x64 msiexec, WoW64 prefix) in a fresh
# prefix and checks files, registry (both views), configuration, logs, data survival and a clean removal.
#   installer/test/wine-msi-test.sh
# Also: com-registration/tests/purchase.vbs in a 64-bit and a 32-bit cscript against the object the MSI
# registered (no regsvr32), a whole purchase through the host engine and the emulator, after the install
# and after the upgrades; lmx_comcheck of both bitnesses sees both views; a real offline queue (QueueStore, items in every state; QueueFixture) in the data folder
# that must stay byte-identical through the upgrades and the uninstall and still open in the bridge.
# The service option (INSTALLSERVICE=1, off by default): wine's service manager installs and starts
# lmx_service.exe, which supervises the host (restarted when it ends: the Launch4j exe finds no Java under
# wine, then a killed host); pointed at the Linux Java through service_javastub.exe (test only), a client
# purchase runs through the service's host; stop, upgrade (the option kept) and uninstall remove it.
# Environment: LMX_STRICT=1 → missing wixl/msitools/wine/32-bit wine/mingw is a failure (exit 1; the 32-bit
# clients alone are skipped when scripts/toolchains.sh could not fetch the i386 package lists);
# otherwise the test is skipped with a loud warning (exit 0). Missing java / dist/loymax-bridge.jar /
# purchase.vbs: the COM and real-queue parts fail under LMX_STRICT=1, else are NOTEd as skipped.
# LMX_KEEP_PREFIX=1 keeps the prefix. Run after `mvn install|package` (-DskipTests is fine: the
# fixture is a test class of bridge-java/core; when it is not compiled there, javac compiles it here).
# Prints PASS/FAIL lines and "N passed, N failed"; exit 1 when anything failed.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$HERE/.." && pwd)
W=$HERE/target/wine-test
STRICT=${LMX_STRICT:-0}
pass=0; fail=0
ok()   { echo "PASS: $*"; pass=$((pass+1)); }
bad()  { echo "FAIL: $*"; fail=$((fail+1)); }
note() { echo "NOTE: $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
check_not() { local what=$1; shift; if "$@"; then bad "$what"; else ok "$what"; fi; }
finish() { echo "$pass passed, $fail failed"; [[ $fail -eq 0 ]]; exit $?; }

# ---------- tools ----------
# scripts/lib/wine.sh: the loader of each bitness by name (with 32-bit wine installed, plain `wine`
# starts 32-bit builtins).  msiexec and reg run 64-bit; the 32-bit view is also used by 32-bit clients.
. "$ROOT/scripts/lib/wine.sh"
WINE=$WINE_LOADER_X64
missing=()
for t in wixl msiinfo msibuild x86_64-w64-mingw32-gcc i686-w64-mingw32-gcc sha256sum; do
  command -v "$t" >/dev/null || missing+=("$t")
done
wine_available x64 || missing+=("wine: $WINE_WHY")
# 32-bit clients of the MSI's registration: required, unless the i386 package lists could not be fetched
W32=0 W32_WHY=""
g=0; wine_gate x86 || g=$?
case $g in
  0) W32=1 ;;
  2) W32_WHY="32-bit Windows runs skipped: $WINE_WHY" ;;
  *) missing+=("32-bit wine: $WINE_WHY") ;;
esac
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $STRICT == 1 ]]; then
    bad "tools present (missing: ${missing[*]}; scripts/toolchains.sh --install msi wine windows)"; finish
  fi
  echo "##################################################################################" >&2
  echo "## WARNING: wine MSI test SKIPPED — missing: ${missing[*]}" >&2
  echo "## install: scripts/toolchains.sh --install msi wine windows   (LMX_STRICT=1 fails)" >&2
  echo "##################################################################################" >&2
  exit 0
fi

rm -rf "$W"; mkdir -p "$W"
export WINEPREFIX=$W/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY
C=$WINEPREFIX/drive_c
PF="$C/Program Files/Loymax Bridge"
CLSID='{A942EFFA-6E9D-458E-96C2-C66E0D5DE9F0}'
LIBID='{D360D1EB-A028-44DA-B69F-86AC39EBE1FF}'
IID='{F02BD241-17AC-40B9-BE5B-FB218C3B7133}'
IID2='{7649D048-5F0D-40C9-B646-6E22EDC7A467}'
PSOA='{00020424-0000-0000-C000-000000000046}'
# characters that need JSON escaping (a double quote cannot pass wine's msiexec command line)
PASSWORD="Pw-7q;Z\\x&'n"
DATADIR_WIN='C:\LmxData\Shop 12'  # a non-default data folder (with a space)
DATA="$C/LmxData/Shop 12"

# ---------- builds: A = 0.1.0, B = 0.1.0 rebuilt, C = 0.1.1 (D = 0.1.1 rebuilt, later) ----------
build() { "$HERE/scripts/build-msi.sh" --version "$1" --out "$W/$2" > "$W/build-$2.log" 2>&1; }
check "build A (0.1.0)" build 0.1.0 A.msi
check "build B (0.1.0 rebuilt)" build 0.1.0 B.msi
check "build C (0.1.1)" build 0.1.1 C.msi
[[ -f $W/A.msi && -f $W/B.msi && -f $W/C.msi ]] || finish
prop() { msiinfo export "$1" Property | tr -d '\r' | awk -F'\t' -v k="$2" '$1==k{print $2}'; }

# ---------- static checks of the package ----------
check "Component tables of two builds are identical (stable component GUIDs)" \
  cmp -s <(msiinfo export "$W/A.msi" Component | sort) <(msiinfo export "$W/B.msi" Component | sort)
check "Component tables of 0.1.0 and 0.1.1 are identical" \
  cmp -s <(msiinfo export "$W/A.msi" Component | sort) <(msiinfo export "$W/C.msi" Component | sort)
check "ProductCode differs between builds of one version" test "$(prop "$W/A.msi" ProductCode)" != "$(prop "$W/B.msi" ProductCode)"
check "UpgradeCode is the same" test "$(prop "$W/A.msi" UpgradeCode)" = "$(prop "$W/C.msi" UpgradeCode)"
check "ALLUSERS=1 (per-machine)" test "$(prop "$W/A.msi" ALLUSERS)" = 1
check "PASSWORD is in MsiHiddenProperties" grep -q '\(^\|;\)PASSWORD\(;\|$\)' <<<"$(prop "$W/A.msi" MsiHiddenProperties)"
check "CustomActionData LmxWriteConfig is in MsiHiddenProperties" grep -q 'LmxWriteConfig' <<<"$(prop "$W/A.msi" MsiHiddenProperties)"
check "no PASSWORD row in the Property table" test -z "$(prop "$W/A.msi" PASSWORD)"
catype() { msiinfo export "$W/A.msi" CustomAction | tr -d '\r' | awk -F'\t' -v k="$1" '$1==k{print $2}'; }
for a in LmxPrepare LmxWriteConfig LmxRemoveData; do
  t=$(catype $a); check "custom action $a has HideTarget (type $t & 0x2000)" test $(( ${t:-0} & 8192 )) -ne 0
done
check "upgrade row: any version up to and including this one (no minimum, attributes 512)" \
  grep -q $'\t\t0.1.0\t\t512\t\tWIX_UPGRADE_DETECTED' <(msiinfo export "$W/A.msi" Upgrade | tr -d '\r')
# README property table == the public properties the package accepts (SecureCustomProperties)
readme=$(sed -n '/<!-- properties -->/,/<!-- \/properties -->/p' "$HERE/README.md" | grep -o '^| `[A-Z]*`' | tr -d '|` ' | sort)
secure=$(prop "$W/A.msi" SecureCustomProperties | tr ';' '\n' | grep -v '^WIX_' | sort)
check "README property table ($(echo $readme)) == SecureCustomProperties ($(echo $secure))" \
  test -n "$readme" -a "$readme" = "$secure"

# ---------- fresh prefix ----------
wine_prefix_init "$WINEPREFIX"
check "fresh WINEPREFIX under target/ ($WINEPREFIX)" test -d "$C/windows/system32"
[[ $W32 == 1 ]] && check "the prefix runs 32-bit programs too (WoW64: $C/windows/syswow64)" test -d "$C/windows/syswow64"
x86_64-w64-mingw32-gcc -municode -O2 -o "$W/acl_probe.exe" "$HERE/test/acl_probe.c" -ladvapi32 2>/dev/null

winpath() { echo "Z:${1//\//\\}"; }
# msiexec's exit code as Windows sees it would be 0/3010/1603/…; through wine on Linux only its low
# 8 bits arrive (1603 → 67, 3010 → 194, 1618 → 82, 1638 → 102): compare with rcw
msi() { "$WINE" msiexec "$@" >/dev/null 2>&1; echo $?; }
rcw() { echo $(( $1 % 256 )); }
regq() {   # view key [value name | "" for default] → the data, or nothing
  local out
  if [[ -z $3 ]]; then out=$("$WINE" reg query "$2" /ve "/reg:$1" 2>/dev/null)
  else out=$("$WINE" reg query "$2" /v "$3" "/reg:$1" 2>/dev/null); fi
  tr -d '\r' <<<"$out" | grep -m1 'REG_' | sed 's/^ *[^ ]* *REG_[A-Z_]* *//'
}
regkey() { "$WINE" reg query "$2" "/reg:$1" >/dev/null 2>&1; }
arp() { regkey 64 "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$1"; }

# ---------- install A with every documented property ----------
rc=$(msi /i "$(winpath "$W/A.msi")" /qn /l*vx 'C:\lmx-install-A.log' \
  SERVERURL=https://lmx.example:8443/XmlExchange/ PARTNER=P77 LOGIN=reg-12 "PASSWORD=$PASSWORD" \
  DEVICEID=POS-12 "DATADIR=$DATADIR_WIN" REGISTERUSERS=S-1-5-32-545 REMOVEDATA=0)
check "silent install of A with every property: exit code $rc" test "$rc" = 0
LOGA="$C/lmx-install-A.log"
for f in loymax-bridge.exe x64/loymax_bridge.dll x64/loymax-bridge.jar x64/sqlitejdbc.dll x86/loymax_bridge.dll x86/loymax-bridge.jar \
         x86/sqlitejdbc.dll include/loymax_bridge.h; do
  check "installed: $f" test -s "$PF/$f"
done
# SQLite's native library beside each bitness's library (the in-process engine loads it from there, not
# from a temp folder): the jar's Windows library of that bitness
for a in x64:x86_64:pei-x86-64 x86:x86:pei-i386; do
  IFS=: read -r dir jdir fmt <<<"$a"
  check "$dir/sqlitejdbc.dll is sqlite-jdbc's Windows $jdir library ($fmt)" \
    eval 'cmp -s "$PF/$dir/sqlitejdbc.dll" <(unzip -p "$ROOT/dist/loymax-bridge.jar" "org/sqlite/native/Windows/$jdir/sqlitejdbc.dll") \
          && objdump -f "$PF/$dir/sqlitejdbc.dll" | grep -q "file format $fmt"'
done
check "x64 DLL is the staged one" cmp -s "$PF/x64/loymax_bridge.dll" "$HERE/target/msi/stage/x64/loymax_bridge.dll"
check "x86 DLL is the staged one" cmp -s "$PF/x86/loymax_bridge.dll" "$HERE/target/msi/stage/x86/loymax_bridge.dll"
check "samples installed" test -n "$(ls -A "$PF/samples" 2>/dev/null)"
check "no jre folder (built without LMX_JRE)" test ! -e "$PF/jre"
SVC=LoymaxBridgeHost SVCKEY='HKLM\SYSTEM\CurrentControlSet\Services\LoymaxBridgeHost'
check "the service is off by default: no lmx_service.exe" test ! -e "$PF/lmx_service.exe"
check_not "the service is off by default: no service $SVC" regkey 64 "$SVCKEY"

for v in 64 32; do
  if [[ $v == 64 ]]; then dir='C:\Program Files\Loymax Bridge\x64\'; tl=win64; else dir='C:\Program Files\Loymax Bridge\x86\'; tl=win32; fi
  K="HKLM\\Software\\Classes"
  check "/reg:$v CLSID InprocServer32 = ${dir}loymax_bridge.dll" test "$(regq $v "$K\\CLSID\\$CLSID\\InprocServer32" "")" = "${dir}loymax_bridge.dll"
  check "/reg:$v ThreadingModel = Both" test "$(regq $v "$K\\CLSID\\$CLSID\\InprocServer32" ThreadingModel)" = Both
  check "/reg:$v CLSID ProgID = Loymax.Bridge.1" test "$(regq $v "$K\\CLSID\\$CLSID\\ProgID" "")" = Loymax.Bridge.1
  check "/reg:$v CLSID TypeLib = LIBID" test "$(regq $v "$K\\CLSID\\$CLSID\\TypeLib" "")" = "$LIBID"
  check "/reg:$v Loymax.Bridge\\CLSID" test "$(regq $v "$K\\Loymax.Bridge\\CLSID" "")" = "$CLSID"
  check "/reg:$v Loymax.Bridge\\CurVer = Loymax.Bridge.1" test "$(regq $v "$K\\Loymax.Bridge\\CurVer" "")" = Loymax.Bridge.1
  check "/reg:$v Loymax.Bridge.1\\CLSID" test "$(regq $v "$K\\Loymax.Bridge.1\\CLSID" "")" = "$CLSID"
  check "/reg:$v TypeLib 1.1\\0\\$tl = ${dir}loymax_bridge.dll" test "$(regq $v "$K\\TypeLib\\$LIBID\\1.1\\0\\$tl" "")" = "${dir}loymax_bridge.dll"
  check "/reg:$v Interface ProxyStubClsid32 = PSOAInterface" test "$(regq $v "$K\\Interface\\$IID\\ProxyStubClsid32" "")" = "$PSOA"
  check "/reg:$v Interface TypeLib = LIBID" test "$(regq $v "$K\\Interface\\$IID\\TypeLib" "")" = "$LIBID"
  check "/reg:$v ILoymaxBridge2 ProxyStubClsid32 = PSOAInterface" test "$(regq $v "$K\\Interface\\$IID2\\ProxyStubClsid32" "")" = "$PSOA"
done
check "HKLM\\SOFTWARE\\Loymax\\Bridge DataDir = $DATADIR_WIN" test "$(regq 64 'HKLM\SOFTWARE\Loymax\Bridge' DataDir)" = "$DATADIR_WIN"
PCA=$(prop "$W/A.msi" ProductCode)
check "ARP entry of A present" arp "$PCA"

CFG="$DATA/config.json"
check "config.json written into DATADIR" test -s "$CFG"
check "config.json: url" grep -q '"url": "https://lmx.example:8443/XmlExchange/"' "$CFG"
check "config.json: partner, login, deviceLogicalId" grep -q '"partner": "P77"' "$CFG"
check "config.json: login" grep -q '"login": "reg-12"' "$CFG"
check "config.json: deviceLogicalId" grep -q '"deviceLogicalId": "POS-12"' "$CFG"
check "config.json: password JSON-escaped" grep -qF '"password": "Pw-7q;Z\\x&'"'"'n"' "$CFG"
check "config.json: dataDir" grep -qF '"dataDir": "C:\\LmxData\\Shop 12"' "$CFG"
check_not "config.json: no \"engine\" without the service (the in-process engine is the default)" grep -q '"engine"' "$CFG"
check "logs folder created" test -d "$DATA/logs"
check "custom action set the protected ACL (its log line)" grep -aq 'SYSTEM and Administrators full control, S-1-5-32-545 (S-1-5-32-545) modify, nobody else' "$LOGA"
acl=$("$WINE" "$W/acl_probe.exe" "$DATADIR_WIN" 2>/dev/null | tr -d '\r' | cut -f2)
if [[ $acl == D:P* ]]; then
  check "data folder DACL is protected: $acl" test "$acl" = 'D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;BU)'
else
  note "wine does not keep file ACLs (it reports one made from the Unix mode: $acl); the ACL is checked on Windows only"
fi

# ---------- the password never leaks ----------
noleak() {  # file…: neither UTF-8 nor UTF-16 of the password's distinctive part
  local f; for f in "$@"; do
    grep -aqF 'Pw-7q;Z' "$f" && return 1
    LC_ALL=C grep -aqP 'P\x00w\x00-\x007\x00q\x00;\x00Z' "$f" && return 1   # UTF-16LE
  done; return 0; }
check "verbose install log exists" test -s "$LOGA"
check "verbose install log has no password" noleak "$LOGA"
"$WINE" reg export HKLM "$(winpath "$W/hklm.reg")" /y >/dev/null 2>&1
"$WINE" reg export HKCU "$(winpath "$W/hkcu.reg")" /y >/dev/null 2>&1
check "registry export has no password" noleak "$W/hklm.reg" "$W/hkcu.reg"
cached=("$C"/windows/Installer/*.msi)
check "cached MSI present (${#cached[@]})" test -f "${cached[0]}"
check "cached MSI has no password" noleak "${cached[@]}"

# ---------- the COM client (VBScript) against the object the MSI registered ----------
# No regsvr32 anywhere: in this fresh prefix the only registration of Loymax.Bridge is the MSI's, so
# CreateObject loads C:\Program Files\Loymax Bridge\x64\loymax_bridge.dll (wine64's cscript is 64-bit).
# The purchase runs through the host engine (a `loymax-bridge host` on Linux, reached over 127.0.0.1)
# against the emulator. The register configuration is given to the client as JSON (LMX_COM_CONFIG),
# not through the MSI: the MSI has no properties for "engine"/"hostAddress"/"tokenFile" and accepts
# only an https SERVERURL, while the emulator speaks http. "dataDir" (a Linux path: the host opens the
# register) keeps this register's queue apart from other runs' (the default ~/.loymax-bridge is shared).
JAR=$ROOT/dist/loymax-bridge.jar
VBS=$ROOT/com-registration/tests/purchase.vbs
java_pids=()
stop_java() { local p; for p in "${java_pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; java_pids=(); }
trap stop_java EXIT
need_or_skip() {  # what: strict → FAIL, else a NOTE
  if [[ $STRICT == 1 ]]; then bad "$1 (strict mode)"; else note "SKIPPED: $1"; fi; }
COM_CONFIG="" EMU_URL=""
start_services() {
  local url="" hostaddr="" token="" i
  mkdir -p "$W/host-data"
  java -jar "$JAR" emulator --port 0 >"$W/emulator.log" 2>&1 </dev/null & java_pids+=($!)
  java -jar "$JAR" host --port 0 --data-dir "$W/host-data" >"$W/host.log" 2>&1 </dev/null & java_pids+=($!)
  for i in $(seq 1 300); do
    url=$(sed -n 's/^Loymax emulator .* on \(http:[^ ]*\).*/\1/p' "$W/emulator.log" | head -1)
    hostaddr=$(sed -n 's/^host listening on \([^,]*\), token file \([^ ]*\).*/\1/p' "$W/host.log" | head -1)
    token=$(sed -n 's/^host listening on \([^,]*\), token file \([^ ]*\).*/\2/p' "$W/host.log" | head -1)
    [[ -n $url && -n $hostaddr && -n $token ]] && break
    sleep 0.1
  done
  [[ -n $url && -n $hostaddr && -n $token ]] || return 1
  url=${url%/}
  [[ $url == */XmlExchange/* ]] || url="$url/XmlExchange/demo-partner/reg01/"
  EMU_URL=$url
  local wtoken; wtoken=$(winpath "$token")
  COM_CONFIG="{\"engine\":\"host\",\"hostAddress\":\"$hostaddr\",\"tokenFile\":\"${wtoken//\\/\\\\}\",\"url\":\"$url\",\"partner\":\"demo-partner\",\"login\":\"reg01\",\"password\":\"secret\",\"dataDir\":\"$W/host-data/register\"}"
  note "emulator $url, host $hostaddr (token $token)"
}
run_vbs_arch() {  # arch label log: purchase.vbs in a cscript of that bitness, from a folder without any DLL
  local arch=$1 label="$2, $(wine_view "$1")-bit cscript" log=$3
  ( cd "$W" && LMX_COM_CONFIG="$COM_CONFIG" timeout 300 "$(wine_loader "$arch")" cscript //nologo "$(winpath "$VBS")" ) >"$W/$log" 2>&1
  local rc=$?
  tr -d '\r' <"$W/$log" >"$W/$log.txt"
  check "COM ($label): purchase.vbs prints 'PASS com-basics' (exit status $rc) [$W/$log.txt]" grep -q '^PASS com-basics' "$W/$log.txt"
  check "COM ($label): purchase.vbs prints 'PASS purchase' through the host engine: $(grep -m1 '^purchase ' "$W/$log.txt" | cut -c1-140)" \
    grep -q '^PASS purchase' "$W/$log.txt"
  [[ $rc -eq 0 ]] || { echo "---- $W/$log.txt"; tail -n 20 "$W/$log.txt" | sed 's/^/    /'; }
}
# both bitnesses: a 32-bit script (1C 32-bit, VB6, a 32-bit Delphi register) must find the object after a
# plain MSI install, through the 32-bit view the MSI writes (x86\loymax_bridge.dll)
run_vbs() {  # label log
  run_vbs_arch x64 "$1" "$2"
  if [[ $W32 == 1 ]]; then run_vbs_arch x86 "$1" "x86-$2"; else note "SKIPPED: COM ($1) from a 32-bit cscript: $W32_WHY"; fi
}
# lmx_comcheck of both bitnesses (from dist/windows-*) reads what the MSI registered: both views OK
comcheck_ok() {  # file bits: both views registered to the installed DLLs, object created in this bitness
  grep -q "64-bit programs: OK (machine-wide)" "$1" && grep -q "32-bit programs: OK (machine-wide)" "$1" \
    && grep -qF 'Loymax Bridge\x64\loymax_bridge.dll' "$1" && grep -qF 'Loymax Bridge\x86\loymax_bridge.dll' "$1" \
    && grep -q "in this $2-bit process: OK" "$1" && grep -q "RESULT: OK" "$1"
}
comcheck_both() {  # label
  local a f
  for a in x64 x86; do
    [[ $a == x86 && $W32 != 1 ]] && continue
    f="$W/comcheck-$a-${1// /_}.txt"
    (cd "$ROOT/dist/windows-$a" && timeout 60 "$(wine_loader $a)" lmx_comcheck.exe --create) 2>&1 | tr -d '\r' >"$f"
    check "$1: lmx_comcheck ($(wine_view $a)-bit) sees the MSI's registration in both views and creates the object [$f]" \
      comcheck_ok "$f" "$(wine_view $a)"
  done
}
COM_READY=0
if [[ ! -f $VBS ]]; then need_or_skip "COM client: com-registration/tests/purchase.vbs is missing"
elif ! command -v java >/dev/null || [[ ! -f $JAR ]]; then need_or_skip "COM client: java or dist/loymax-bridge.jar is missing"
elif ! grep -aq DllGetClassObject "$PF/x64/loymax_bridge.dll"; then
  need_or_skip "COM client: the installed x64 DLL has no COM server (DllGetClassObject)"
elif ! start_services; then
  bad "COM client: the emulator or the host did not start ($W/emulator.log, $W/host.log)"
else
  COM_READY=1
  run_vbs "installed 0.1.0" com-A.log
  comcheck_both "installed 0.1.0"
fi

# ---------- upgrade: a newer version (C), then the same version rebuilt (D) ----------
# A real queue, written by the bridge's own QueueStore (QueueFixture, a test class of bridge-java/core):
# one item in every state (queued, sent, done, retry, dead, neutralised, discarded), under the name the
# bridge gives it (queue-<register>.db; the register is the login of config.json: reg-12).
# Its classes: bridge-java/core/target/test-classes (compiled by `mvn install|package|verify`, also with
# -DskipTests; the installer module comes after bridge-java/core in the reactor); when they are missing
# or older than the source (a standalone run), the fixture alone is compiled here with javac.
QUEUE="$DATA/queue-reg-12.db"
FIXSRC=$ROOT/bridge-java/core/src/test/java/org/lmxbridge/internal/offline/QueueFixture.java
FIXCLS=$ROOT/bridge-java/core/target/test-classes
fixture_classes() {
  local c=$FIXCLS/org/lmxbridge/internal/offline/QueueFixture.class
  [[ -f $c && ! $c -ot $FIXSRC ]] && return 0
  command -v javac >/dev/null || return 1
  FIXCLS=$W/fixture-classes; mkdir -p "$FIXCLS"
  note "compiling QueueFixture with javac ($FIXCLS): bridge-java/core/target/test-classes has no current copy"
  javac -nowarn -d "$FIXCLS" -cp "$JAR" "$FIXSRC" >"$W/fixture-javac.log" 2>&1
}
fixture() { java -cp "$JAR:$FIXCLS" org.lmxbridge.internal.offline.QueueFixture "$@" 2>>"$W/fixture.err"; }
QUEUE_READY=0
if ! command -v java >/dev/null || [[ ! -f $JAR ]]; then need_or_skip "real queue: java or dist/loymax-bridge.jar is missing"
elif ! fixture_classes; then need_or_skip "real queue: QueueFixture classes missing and javac failed or absent ($W/fixture-javac.log)"
else
  out=$(fixture create "$QUEUE" reg-12); echo "    $out"
  check "real queue written by QueueStore (every state) as $QUEUE" grep -q '^QUEUE CREATED .*queued,sent,done,retry,dead,neutralised,discarded' <<<"$out"
  out=$(fixture verify "$QUEUE" reg-12)
  check "the bridge opens it in the data folder before the upgrade: $(tail -n1 <<<"$out")" grep -q '^QUEUE OK' <<<"$out"
  QUEUE_READY=1
fi
[[ -f $QUEUE ]] || { printf 'SQLite format 3\0' > "$QUEUE"; head -c 8192 /dev/urandom >> "$QUEUE"; note "queue stand-in: random bytes (no real queue)"; }
q0=$(sha256sum < "$QUEUE"); c0=$(sha256sum < "$CFG")
queue_opens() {  # label: QueueStore opens the queue in place, lists every item with its state, nothing changed
  [[ $QUEUE_READY == 1 ]] || return 0
  local out; out=$(fixture verify "$QUEUE" reg-12)
  echo "$out" | grep '^ITEM' | sed 's/^/    /'
  check "$1: the bridge opens the queue and lists all 7 items in their states: $(tail -n1 <<<"$out" | cut -c1-160)" grep -q '^QUEUE OK' <<<"$out"
  check "$1: opening it left the file byte-identical" test "$(sha256sum < "$QUEUE")" = "$q0"
}
queue_cli() {  # label: `loymax-bridge queue list` on a copy (the CLI starts replay, which changes a queue)
  [[ $QUEUE_READY == 1 ]] || return 0
  local d=$W/queue-copy; rm -rf "$d"; mkdir -p "$d"; cp "$QUEUE" "$d/"
  printf '{"url":"https://127.0.0.1:1/XmlExchange/","partner":"P77","login":"reg-12","password":"x","dataDir":"%s"}' "$d" >"$W/queue-copy.json"
  java -jar "$JAR" queue --config "$W/queue-copy.json" --json list >"$W/queue-list.json" 2>"$W/queue-list.err"
  local got
  # items as "id:state", then queueLength deadCount queuedAmount (the JSON is one line; items in id order)
  local j; j=$(cat "$W/queue-list.json")
  got="$(grep -o '"id":[0-9]*\|"state":"[a-z]*"' <<<"${j#*\"items\"}" | sed 's/^"id"://; s/^"state":"\(.*\)"$/:\1/' | paste -sd' ' | sed 's/ :/:/g')"
  got+=" $(grep -o '"queueLength":[0-9]*' <<<"$j" | cut -d: -f2) $(grep -o '"deadCount":[0-9]*' <<<"$j" | cut -d: -f2) $(grep -o '"queuedAmount":"[0-9.]*"' <<<"$j" | cut -d'"' -f4)"
  check "$1: \`loymax-bridge queue list\` on a copy shows the waiting items and the dead letter ($got)" \
    grep -Eq '^1:(queued|sent|retry) 2:(sent|retry) 4:retry 5:dead 3 1 225.31$' <<<"$got"
}
rc=$(msi /i "$(winpath "$W/C.msi")" /qn /l*vx 'C:\lmx-install-C.log')
check "upgrade A → C (0.1.1, no properties): exit code $rc" test "$rc" = 0
check "queue file byte-identical after the upgrade to C" test "$(sha256sum < "$QUEUE")" = "$q0"
check "config.json byte-identical after the upgrade to C" test "$(sha256sum < "$CFG")" = "$c0"
queue_opens "after A → C"
queue_cli "after A → C"
check_not "ARP entry of A gone" arp "$PCA"
check "ARP entry of C present" arp "$(prop "$W/C.msi" ProductCode)"
check "version 0.1.1 registered" test "$(regq 64 'HKLM\SOFTWARE\Loymax\Bridge' Version)" = 0.1.1
check "DATADIR and REGISTERUSERS kept by the upgrade (registry)" test "$(regq 64 'HKLM\SOFTWARE\Loymax\Bridge' DataDir)|$(regq 64 'HKLM\SOFTWARE\Loymax\Bridge' RegisterUsers)" = "$DATADIR_WIN|S-1-5-32-545"
check "x64 DLL installed after the upgrade" test -s "$PF/x64/loymax_bridge.dll"
check "COM registration in place after the upgrade (64)" test "$(regq 64 "HKLM\\Software\\Classes\\CLSID\\$CLSID\\InprocServer32" "")" = 'C:\Program Files\Loymax Bridge\x64\loymax_bridge.dll'
check "COM registration in place after the upgrade (32)" test "$(regq 32 "HKLM\\Software\\Classes\\CLSID\\$CLSID\\InprocServer32" "")" = 'C:\Program Files\Loymax Bridge\x86\loymax_bridge.dll'
# same version rebuilt: D = 0.1.1 with a new ProductCode
check "build D (0.1.1 rebuilt)" build 0.1.1 D.msi
PCC=$(prop "$W/C.msi" ProductCode); PCD=$(prop "$W/D.msi" ProductCode)
rc=$(msi /i "$(winpath "$W/D.msi")" /qn /l*vx 'C:\lmx-install-D.log')
check "rebuild of the same version C → D: exit code $rc" test "$rc" = 0
check "queue file byte-identical after C → D" test "$(sha256sum < "$QUEUE")" = "$q0"
check "config.json byte-identical after C → D" test "$(sha256sum < "$CFG")" = "$c0"
queue_opens "after C → D"
check "ARP entry of D present" arp "$PCD"
check_not "ARP entry of C gone (the same-version rebuild is a major upgrade too)" arp "$PCC"
rc=$(msi /i "$(winpath "$W/A.msi")" /qn)
check "downgrade D → A refused: exit code $rc (1603 & 0xFF)" test "$rc" = "$(rcw 1603)"
check "upgrade logs have no password" noleak "$C/lmx-install-C.log" "$C/lmx-install-D.log"
[[ $COM_READY == 1 ]] && { run_vbs "upgraded to 0.1.1 rebuilt" com-D.log; comcheck_both "upgraded to 0.1.1 rebuilt"; }

# ---------- uninstall: program files and registry gone, data kept ----------
rc=$(msi /x "$(winpath "$W/D.msi")" /qn /l*vx 'C:\lmx-uninstall-C.log')
check "silent uninstall: exit code $rc" test "$rc" = 0
check "no program file left ($PF)" test ! -e "$PF"
for v in 64 32; do
  for k in "CLSID\\$CLSID" Loymax.Bridge Loymax.Bridge.1 "TypeLib\\$LIBID" "Interface\\$IID" "Interface\\$IID2"; do
    check_not "/reg:$v HKLM\\Software\\Classes\\$k removed" regkey $v "HKLM\\Software\\Classes\\$k"
  done
done
check_not "HKLM\\SOFTWARE\\Loymax\\Bridge removed" regkey 64 'HKLM\SOFTWARE\Loymax\Bridge'
check_not "ARP entry of D removed" arp "$PCD"
check "data folder kept: queue byte-identical" test "$(sha256sum < "$QUEUE")" = "$q0"
check "data folder kept: config.json byte-identical" test "$(sha256sum < "$CFG")" = "$c0"
queue_opens "after the uninstall"
if [[ $COM_READY == 1 ]]; then   # the object really was the MSI's: gone with it, in both bitnesses
  for a in x64 x86; do
    [[ $a == x86 && $W32 != 1 ]] && continue
    ( cd "$W" && timeout 120 "$(wine_loader $a)" cscript //nologo "$(winpath "$VBS")" ) 2>&1 | tr -d '\r' >"$W/com-after-uninstall-$a.txt"
    check "COM: after the uninstall CreateObject(\"Loymax.Bridge\") fails in a $(wine_view $a)-bit cscript (the MSI's registration was the only one)" \
      grep -q '^FAIL CreateObject' "$W/com-after-uninstall-$a.txt"
  done
fi

# ---------- reinstall keeps an existing config; REMOVEDATA=1 deletes the data folder ----------
# (REGISTERUSERS again: the uninstall forgot it, and wine cannot create the default local group)
# This reinstall also turns the service option on (next section). Wine ends its services when no other
# program of the prefix runs (a Windows machine stays up): a cmd waiting on a FIFO keeps the prefix's
# session open until the service section is over.
svc_t0=$SECONDS
mkfifo "$W/keep-session.fifo"
"$WINE" cmd /q <"$W/keep-session.fifo" >/dev/null 2>&1 &
keep_session=$!
exec 9>"$W/keep-session.fifo"
# (with a configuration this time: with the service, config.json gets "engine": "host"; the upgrades above
# and the upgrade below check that a run without configuration leaves config.json byte-identical)
rc=$(msi /i "$(winpath "$W/C.msi")" /qn "DATADIR=$DATADIR_WIN" REGISTERUSERS=S-1-5-32-545 INSTALLSERVICE=1 \
  SERVERURL=https://lmx.example:8443/XmlExchange/ PARTNER=P77 LOGIN=reg-12 "PASSWORD=$PASSWORD" DEVICEID=POS-12 \
  /l*vx 'C:\lmx-install-C2.log')
check "reinstall into the kept data folder with configuration, INSTALLSERVICE=1: exit code $rc" test "$rc" = 0
check "with the service, config.json says \"engine\": \"host\" (register programs use the service's host)" grep -q '"engine": "host"' "$CFG"
check "with the service, config.json keeps the register's settings (login, dataDir)" \
  eval 'grep -q "\"login\": \"reg-12\"" "$CFG" && grep -qF "\"dataDir\": \"C:\\\\LmxData\\\\Shop 12\"" "$CFG"'
c1=$(sha256sum < "$CFG")

# ---------- the host as a Windows service (INSTALLSERVICE=1) ----------
svc_state() { "$WINE" sc query "$SVC" 2>/dev/null </dev/null | tr -d '\r' | awk '/STATE/{print $4; exit}'; }
svc_is() { test "$(svc_state)" = "$1"; }  # (for wait_for: the state is read again at every poll)
SVCLOG="$DATA/logs/service.log"
wait_for() {  # seconds command…: true once the command is, polled every 0.5 s
  local n=$(( $1 * 2 )) i; shift
  for ((i = 0; i < n; i++)); do "$@" && return 0; sleep 0.5; done; return 1; }
LOGC2="$C/lmx-install-C2.log"
check "service: lmx_service.exe installed" test -s "$PF/lmx_service.exe"
check "service: $SVC runs lmx_service.exe" test "$(regq 64 "$SVCKEY" ImagePath)" = 'C:\Program Files\Loymax Bridge\lmx_service.exe'
check "service: starts automatically (Start = 2)" test "$(regq 64 "$SVCKEY" Start)" = 0x2
check "service: account NT AUTHORITY\LocalService" test "$(regq 64 "$SVCKEY" ObjectName)" = 'NT AUTHORITY\LocalService'
check "service: its CommandLine is the installed host with the data folder's config.json" \
  test "$(regq 64 "$SVCKEY\Parameters" CommandLine)" = '"C:\Program Files\Loymax Bridge\loymax-bridge.exe" host --config "C:\LmxData\Shop 12\config.json" --until-stdin-closes'
check "service: the account was put into REGISTERUSERS (LmxService's log line)" \
  grep -aq 'service: NT AUTHORITY\\LocalService is a member of S-1-5-32-545' "$LOGC2"
check "service: recovery set (restart after 5 s, 10 s, 60 s; LmxService's log line)" grep -aq 'service: recovery set: restart after 5 s' "$LOGC2"
note "wine's service manager accepts the failure actions without keeping them (nothing to read back); Windows keeps them"
check "service: the host's token file DATADIR\\host.token made for REGISTERUSERS (64 hex digits; LmxService's log line)" \
  eval 'grep -Eqx "[0-9a-f]{64}" "$DATA/host.token" && grep -aq "service: wrote the host.s token file .*host.token (readable by SYSTEM, Administrators and S-1-5-32-545)" "$LOGC2"'
check "service: running after the install (state $(svc_state))" test "$(svc_state)" = RUNNING
# under wine the Launch4j exe finds no Windows Java: the service must start it again, with a growing pause
check "service: lmx_service starts the host and starts it again when it ends by itself [$SVCLOG]" \
  wait_for 20 grep -q 'the host ended by itself with code 1 after [0-9]* s: starting it again in 2 s' "$SVCLOG"
check "service: the host's own output is in the service log (Launch4j's \"Java 17 or newer was not found\")" \
  grep -aq '\[host\] .*Java 17 or newer was not found' "$SVCLOG"
# Under wine there is no Windows Java: point CommandLine at the Linux one through service_javastub.exe
# (test only: it passes the service's standard input on, so a stop still closes the host's).
if [[ $COM_READY == 1 ]]; then
  SD=$W/svc; mkdir -p "$SD/data"
  x86_64-w64-mingw32-gcc -O2 -o "$SD/service_javastub.exe" "$HERE/test/service_javastub.c" 2>"$SD/stub-gcc.log"
  sport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  reg_cfg="\"url\":\"$EMU_URL\",\"partner\":\"demo-partner\",\"login\":\"reg01\",\"password\":\"secret\",\"dataDir\":\"$SD/data\""
  printf '{"hostAddress":"127.0.0.1:%s",%s}\n' "$sport" "$reg_cfg" >"$SD/host.json"
  wtok=$(winpath "$SD/data/host.token")
  svc_config="{\"engine\":\"host\",\"hostAddress\":\"127.0.0.1:$sport\",\"tokenFile\":\"${wtok//\\/\\\\}\",$reg_cfg}"
  "$WINE" reg add "$SVCKEY\\Parameters" /v CommandLine /t REG_SZ /f /d \
    "\"$(winpath "$SD/service_javastub.exe")\" $SD/host.out $(readlink -f "$(command -v java)") -jar $JAR host --config $SD/host.json --until-stdin-closes" >/dev/null 2>&1
  "$WINE" sc stop "$SVC" >/dev/null 2>&1 </dev/null
  check "service: stopped (sc stop)" wait_for 30 svc_is STOPPED
  "$WINE" sc start "$SVC" >/dev/null 2>&1 </dev/null
  check "service: started again (sc start)" wait_for 30 svc_is RUNNING
  hostpid() { sed -n 's/^host process id \([0-9]*\).*/\1/p' "$SD/host.out" 2>/dev/null | tail -1; }
  check "service: the host it runs listens on 127.0.0.1:$sport" wait_for 60 grep -q "^host listening on 127.0.0.1:$sport" "$SD/host.out"
  COM_CONFIG=$svc_config
  run_vbs_arch x64 "the service's host" com-service.log
  # recovery: the host dies (killed); lmx_service starts it again and the register works again
  p1=$(hostpid)
  [[ -n $p1 ]] && kill -9 "$p1"
  check "service: the killed host (pid $p1) is started again by lmx_service" \
    wait_for 30 eval '[[ -n $(hostpid) && $(hostpid) != "$p1" ]] && grep -q "the host ended by itself" "$SVCLOG"'
  p2=$(hostpid)
  check "service: the restarted host (pid $p2) listens again" wait_for 60 eval '[[ $(grep -c "^host listening on 127.0.0.1:$sport" "$SD/host.out") -ge 2 ]]'
  # (into a file: a wine program's output captured by $(…) can stay open in processes wine keeps running)
  (cd "$W" && LMX_COM_CONFIG="$svc_config" timeout 120 "$WINE" cscript //nologo "$(winpath "$VBS")") >"$W/com-service2.log" 2>&1
  out=$(tr -d '\r' <"$W/com-service2.log")
  check "service: a purchase through the restarted host: $(grep -m1 '^purchase ' <<<"$out" | cut -c1-100)" grep -q '^PASS purchase' <<<"$out"
  "$WINE" sc stop "$SVC" >/dev/null 2>&1 </dev/null
  check "service: stop closes the host's standard input and it stops in order" \
    wait_for 30 eval '[[ $(grep -c "^standard input closed: stopping" "$SD/host.out") -ge 1 ]] && ! kill -0 '"$p2"' 2>/dev/null'
  # (the service reports STOPPED after the host's end has reached it through the javastub, a moment later)
  check "service: stopped" wait_for 30 svc_is STOPPED
  "$WINE" sc start "$SVC" >/dev/null 2>&1 </dev/null
  wait_for 60 eval '[[ $(grep -c "^host listening on 127.0.0.1:$sport" "$SD/host.out") -ge 3 ]]'
  p3=$(hostpid)
else
  need_or_skip "service: the purchase through the service's host (no emulator: see the COM client above)"
  p3=""
fi
# an upgrade keeps the option (HKLM\SOFTWARE\Loymax\Bridge InstallService): stopped, removed, installed, started
rc=$(msi /i "$(winpath "$W/D.msi")" /qn /l*vx 'C:\lmx-install-D2.log')
check "service: upgrade C → D without INSTALLSERVICE: exit code $rc" test "$rc" = 0
check "service: upgrade without configuration leaves config.json (with \"engine\": \"host\") byte-identical" test "$(sha256sum < "$CFG")" = "$c1"
check "service: upgrade without configuration says in its log that register programs need \"engine\": \"host\"" \
  grep -aq 'register programs reach it only with "engine": "host"' "$C/lmx-install-D2.log"
check "service: kept by the upgrade (lmx_service.exe, state $(svc_state))" test -s "$PF/lmx_service.exe" -a "$(svc_state)" = RUNNING
[[ -n $p3 ]] && check "service: the upgrade stopped the running host (pid $p3) in order" \
  wait_for 30 eval '! kill -0 '"$p3"' 2>/dev/null && [[ $(grep -c "^standard input closed: stopping" "$SD/host.out") -ge 2 ]]'
check "service: the upgrade wrote the MSI's CommandLine again" \
  test "$(regq 64 "$SVCKEY\Parameters" CommandLine)" = '"C:\Program Files\Loymax Bridge\loymax-bridge.exe" host --config "C:\LmxData\Shop 12\config.json" --until-stdin-closes'
rc=$(msi /x "$(winpath "$W/D.msi")" /qn REMOVEDATA=1 /l*vx 'C:\lmx-uninstall-C2.log')
check_not "service: removed by the uninstall (no $SVC)" regkey 64 "$SVCKEY"
check "uninstall with REMOVEDATA=1 (data folder found through the registry): exit code $rc" test "$rc" = 0
check "service: sc query no longer finds $SVC" test -z "$(svc_state)"
check "REMOVEDATA=1 removed the data folder with its queue and config" test ! -e "$DATA"
check "no program file left after the second uninstall" test ! -e "$PF"
{ [[ -e $DATA ]] && find "$DATA"; [[ -e $PF ]] && find "$PF"; } 2>/dev/null | head -n 20 | sed 's/^/    left: /'
note "the service section took $((SECONDS - svc_t0)) s"
exec 9>&-; kill "$keep_session" 2>/dev/null; wait "$keep_session" 2>/dev/null   # the waiting cmd ends (EOF alone does not end wine's cmd)
# the Linux host was given Windows clients' configurations ("tokenFile":"Z:\\…"): nothing may be made from
# such a path in its working folder (BridgeConfig.tokenFile() ignores a path that is not absolute here)
check "no file named after a Windows path ('Z:…') in the repository's folder" test -z "$(find "$ROOT" -maxdepth 1 -name 'Z:*' -print -quit)"
check "uninstall logs have no password" noleak "$C/lmx-uninstall-C.log" "$C/lmx-uninstall-C2.log" "$C/lmx-install-C2.log" "$C/lmx-install-D2.log"

[[ ${LMX_KEEP_PREFIX:-0} == 1 ]] || { wineserver -k 2>/dev/null; rm -rf "$WINEPREFIX"; }
finish
