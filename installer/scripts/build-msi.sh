#!/usr/bin/env bash
# Builds dist/LoymaxBridge-<version>-x64.msi with wixl (msitools) on Linux.
#   installer/scripts/build-msi.sh [--out FILE] [--version X.Y.Z]
# Environment:
#   LMX_VERSION  MSI ProductVersion (default 0.1.0; the installer pom passes its version)
#   LMX_JRE      an unpacked Windows x64 Java runtime (17+) to bundle as "jre\" (optional;
#                without it the MSI has no runtime and the README says what that means)
#   LMX_STRICT=1 missing tools or inputs are errors (no dummy libraries)
#   LMX_NATIVE_X64 / LMX_NATIVE_X86  folders holding loymax_bridge.dll (default dist/windows-x64, -x86)
# Inputs: dist/loymax-bridge.jar (bridge-java/cli), dist/windows/loymax-bridge.exe (this module's
# Launch4j step), the two DLLs, bridge-native/include/loymax_bridge.h, samples-* (tracked files).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$HERE/.." && pwd)
VERSION=${LMX_VERSION:-0.1.0}
OUT=""
STRICT=${LMX_STRICT:-0}
while [[ $# -gt 0 ]]; do
  case $1 in
    --out) OUT=$2; shift 2 ;;
    --version) VERSION=$2; shift 2 ;;
    *) echo "build-msi.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
VERSION=${VERSION%-SNAPSHOT}
OUT=${OUT:-$ROOT/dist/LoymaxBridge-$VERSION-x64.msi}
T=$HERE/target/msi
STAGE=$T/stage
die() { echo "build-msi.sh: $*" >&2; exit 1; }
warn() { echo "########## WARNING: $* ##########" >&2; }

missing=()
for t in wixl msibuild msiinfo x86_64-w64-mingw32-gcc i686-w64-mingw32-gcc; do command -v $t >/dev/null || missing+=($t); done
if [[ ${#missing[@]} -gt 0 ]]; then
  [[ $STRICT == 1 ]] && die "missing: ${missing[*]} (scripts/toolchains.sh --install msi windows)"
  warn "MSI NOT BUILT — missing: ${missing[*]} (scripts/toolchains.sh --install msi windows; LMX_STRICT=1 fails)"
  exit 0
fi

rm -rf "$STAGE"; mkdir -p "$STAGE/x64" "$STAGE/x86" "$STAGE/include" "$T"

# --- custom action DLL ---
x86_64-w64-mingw32-gcc -Wall -O2 -shared -static-libgcc -o "$T/lmx_ca.dll" \
  "$HERE/customaction/lmx_ca.c" "$HERE/customaction/lmx_ca.def" -lmsi -ladvapi32 -lnetapi32 -lshell32 -lbcrypt

# --- the service program (INSTALLSERVICE=1): installer/service/lmx_service.c ---
x86_64-w64-mingw32-gcc -municode -Wall -O2 -static-libgcc -o "$STAGE/lmx_service.exe" "$HERE/service/lmx_service.c" -ladvapi32

# --- the jar and the exe ---
[[ -f $ROOT/dist/loymax-bridge.jar ]] || die "dist/loymax-bridge.jar is missing: mvn -pl bridge-java/cli -am package"
cp "$ROOT/dist/loymax-bridge.jar" "$STAGE/"
[[ -f $ROOT/dist/windows/loymax-bridge.exe ]] || die "dist/windows/loymax-bridge.exe is missing: mvn -pl installer package (Launch4j)"
cp "$ROOT/dist/windows/loymax-bridge.exe" "$STAGE/"

# --- the native libraries (bridge-native) ---
X64=${LMX_NATIVE_X64:-$ROOT/dist/windows-x64}
X86=${LMX_NATIVE_X86:-$ROOT/dist/windows-x86}
if [[ ! -f $X64/loymax_bridge.dll || ! -f $X86/loymax_bridge.dll ]]; then
  if [[ -x $ROOT/bridge-native/scripts/build.sh ]]; then
    echo "build-msi.sh: the Windows DLLs are not in dist yet: building them with bridge-native/scripts/build.sh"
    LMX_DIST=$T/native LMX_PLATFORMS="windows-x64 windows-x86" LMX_VERSION=$VERSION \
      "$ROOT/bridge-native/scripts/build.sh" compile >&2
    LMX_DIST=$T/native LMX_PLATFORMS="windows-x64 windows-x86" LMX_VERSION=$VERSION \
      "$ROOT/bridge-native/scripts/build.sh" dist >&2
    X64=$T/native/windows-x64; X86=$T/native/windows-x86
  fi
fi
for d in "$X64" "$X86"; do
  if [[ ! -f $d/loymax_bridge.dll ]]; then
    [[ $STRICT == 1 ]] && die "$d/loymax_bridge.dll is missing (strict mode: no dummy library)"
    warn "$d/loymax_bridge.dll is missing: the MSI gets a DUMMY library (for installer tests only)"
  fi
done
dummy() {  # $1 compiler, $2 output
  printf '__declspec(dllexport) int lmx_dummy(void){return 42;}\n' > "$T/dummy.c"
  "$1" -shared -o "$2" "$T/dummy.c"
}
if [[ -f $X64/loymax_bridge.dll ]]; then cp "$X64/loymax_bridge.dll" "$STAGE/x64/"; else dummy x86_64-w64-mingw32-gcc "$STAGE/x64/loymax_bridge.dll"; fi
if [[ -f $X86/loymax_bridge.dll ]]; then cp "$X86/loymax_bridge.dll" "$STAGE/x86/"; else dummy i686-w64-mingw32-gcc "$STAGE/x86/loymax_bridge.dll"; fi
# SQLite's native library of each bitness, beside that bitness's library (the in-process engine loads it
# from there instead of extracting a copy into the user's temp folder): the very file of the jar
for a in x64:x86_64 x86:x86; do
  unzip -p "$STAGE/loymax-bridge.jar" "org/sqlite/native/Windows/${a#*:}/sqlitejdbc.dll" >"$STAGE/${a%%:*}/sqlitejdbc.dll" 2>/dev/null \
    && [[ -s $STAGE/${a%%:*}/sqlitejdbc.dll ]] \
    || die "dist/loymax-bridge.jar holds no org/sqlite/native/Windows/${a#*:}/sqlitejdbc.dll (sqlite-jdbc's Windows library)"
done
cp "$ROOT/bridge-native/include/loymax_bridge.h" "$STAGE/include/"

# --- samples: the tracked files of samples-* (build output never) ---
frags=()
with_samples=no
rm -rf "$T/samples"; mkdir -p "$T/samples"
for s in samples-c samples-csharp samples-delphi; do
  [[ -d $ROOT/$s ]] || continue
  if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
    files=$(git -C "$ROOT" ls-files "$s")
  else
    files=$(cd "$ROOT" && find "$s" -type f)
  fi
  while IFS= read -r f; do
    [[ -n $f ]] || continue
    mkdir -p "$T/samples/${s#samples-}/$(dirname "${f#$s/}")"
    cp "$ROOT/$f" "$T/samples/${s#samples-}/${f#$s/}"
    with_samples=yes
  done <<<"$files"
done
if [[ $with_samples == yes ]]; then
  (cd "$T" && "$HERE/scripts/gen-fragment.sh" SampleFiles INSTALLDIR samples samples > samples.wxs)
  frags+=("$T/samples.wxs")
fi

# --- optional bundled runtime ---
with_jre=no
JRE=${LMX_JRE:-}
if [[ -n $JRE ]]; then
  [[ -f $JRE/bin/server/jvm.dll ]] || die "LMX_JRE=$JRE is not an unpacked Windows x64 runtime (no bin/server/jvm.dll)"
  [[ -f $JRE/bin/java.exe ]] || die "LMX_JRE=$JRE has no bin/java.exe"
  rm -rf "$T/jre"; cp -a "$JRE" "$T/jre"     # wixl wants Source paths relative to the .wxs
  (cd "$T" && "$HERE/scripts/gen-fragment.sh" JreFiles INSTALLDIR jre jre > jre.wxs)
  frags+=("$T/jre.wxs")
  with_jre=yes
else
  echo "build-msi.sh: no LMX_JRE (-Dlmx.jre=...): the MSI installs without a Java runtime"
fi

mkdir -p "$(dirname "$OUT")"
FINAL=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")
OUT=$T/LoymaxBridge.msi     # built and patched here, moved into place at the end
rm -f "$OUT"
# wixl resolves every Source relative to the .wxs: build from a copy in target/msi
cp "$HERE/wix/LoymaxBridge.wxs" "$T/"
(cd "$T" && wixl -a x64 -D Version="$VERSION" -D SourceDir=stage -D CaDll=lmx_ca.dll \
     -D WithJre=$with_jre -D WithSamples=$with_samples \
     -o "$OUT" LoymaxBridge.wxs "${frags[@]##*/}")
# wixl writes SecureCustomProperties from the Upgrade table only; add the documented public
# properties (installer/README.md "Properties"), or a per-machine install would drop them
SECURE="SERVERURL;PARTNER;LOGIN;PASSWORD;DEVICEID;DATADIR;REGISTERUSERS;REMOVEDATA;INSTALLSERVICE"
cur=$(msiinfo export "$OUT" Property | tr -d '\r' | awk -F'\t' '$1=="SecureCustomProperties"{print $2}')
msibuild "$OUT" -q "UPDATE \`Property\` SET \`Value\` = '$SECURE${cur:+;$cur}' WHERE \`Property\` = 'SecureCustomProperties'"
# What wixl 0.101 ignores, set with SQL (each measured on its output; installer/test checks them):
#  - HideTarget (0x2000) on the custom actions that carry configuration: without it Windows
#    Installer logs their CustomActionData; wixl also sets NoImpersonate (0x800) on every action.
#    Types: 1 = DLL in the Binary table, +0x40 ignore return, +0x400 deferred, +0x800 no impersonation.
#  - IncludeMaximum on the upgrade row (0x200), so a rebuild of the same version upgrades; the
#    row has no VersionMin (no lower bound). (msiinfo export prints CRLF lines: strip the CR
#    before reusing a value, or the UpgradeCode never matches.)
q() { msibuild "$OUT" -q "$1"; }
q "UPDATE \`CustomAction\` SET \`Type\` = 8193 WHERE \`Action\` = 'LmxPrepare'"
q "UPDATE \`CustomAction\` SET \`Type\` = 11265 WHERE \`Action\` = 'LmxWriteConfig'"
q "UPDATE \`CustomAction\` SET \`Type\` = 11329 WHERE \`Action\` = 'LmxRemoveData'"
q "UPDATE \`CustomAction\` SET \`Type\` = 65 WHERE \`Action\` = 'LmxCopyLog'"
q "UPDATE \`CustomAction\` SET \`Type\` = 51 WHERE \`Action\` = 'SetDataDirFromSaved'"
for a in SetDataDirDefault SetRegisterUsersFromSaved SetRegisterUsersDefault SetInstallServiceFromSaved SetLmxServiceData; do
  q "UPDATE \`CustomAction\` SET \`Type\` = 51 WHERE \`Action\` = '$a'"
done
q "UPDATE \`CustomAction\` SET \`Type\` = 3137 WHERE \`Action\` = 'LmxService'"
#  - the service's component only with INSTALLSERVICE=1 (wixl has no <Condition> inside a Component)
q "UPDATE \`Component\` SET \`Condition\` = 'INSTALLSERVICE=\"1\"' WHERE \`Component\` = 'CmpService'"
#  - the conditions "$CmpService>2" (the component is being installed): wixl drops the "$"
for a in SetLmxServiceData LmxService; do
  q "UPDATE \`InstallExecuteSequence\` SET \`Condition\` = '\$CmpService>2' WHERE \`Action\` = '$a'"
done
# (Attributes is part of the Upgrade table's key: delete and insert the row)
UC=$(msiinfo export "$OUT" Property | tr -d '\r' | awk -F'\t' '$1=="UpgradeCode"{print $2}')
q "DELETE FROM \`Upgrade\` WHERE \`ActionProperty\` = 'WIX_UPGRADE_DETECTED'"
q "INSERT INTO \`Upgrade\` (\`UpgradeCode\`, \`VersionMax\`, \`Attributes\`, \`ActionProperty\`) VALUES ('$UC', '$VERSION', 512, 'WIX_UPGRADE_DETECTED')"
mv -f "$OUT" "$FINAL"; OUT=$FINAL
echo "build-msi.sh: $OUT ($(stat -c %s "$OUT") bytes; runtime: $with_jre; samples: $with_samples)"
