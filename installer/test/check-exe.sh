#!/usr/bin/env bash
# Checks the Launch4j wrapper dist/windows/loymax-bridge.exe, a 32-bit Windows program:
#   - PE header: "MZ", "PE\0\0", machine i386 (0x014c: Launch4j's head is 32-bit and runs on
#     x64 Windows too), PE32 optional header, subsystem 3 = console (CUI);
#   - the jar is embedded: the exe is also a zip whose entries include META-INF/MANIFEST.MF and
#     org/lmxbridge/cli/Main.class, and the manifest names the CLI main class;
#   - the runtime search and the bilingual "not found" message are in the exe;
#   - run under 32-bit wine in a fresh prefix without any Java: exit code 1 and the bilingual "Java 17 or
#     newer was not found" text (Russian in CP866, the console's code page); with LMX_WIN32_JRE=<folder of
#     a 32-bit Windows Java 17-21> also a real `--version` through that runtime bundled as jre\.
#     LMX_STRICT=1: no 32-bit wine is a failure, unless scripts/toolchains.sh recorded that the i386
#     package lists could not be fetched (then the run alone is skipped, with a WARNING line).
# Prints PASS/FAIL lines and "N passed, N failed"; exit 1 on any failure.
#   installer/test/check-exe.sh [path/to/loymax-bridge.exe]
set -uo pipefail
exe=${1:-"$(cd "$(dirname "$0")/../.." && pwd)/dist/windows/loymax-bridge.exe"}
pass=0; fail=0
ok()  { echo "PASS: $*"; pass=$((pass+1)); }
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

u16() { od -An -tu2 -j "$2" -N2 "$1" | tr -d ' '; }
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }
str() { dd if="$1" bs=1 skip="$2" count="$3" 2>/dev/null | od -An -c | tr -d ' '; }

if [[ ! -f $exe ]]; then bad "exe exists: $exe"; echo "0 passed, 1 failed"; exit 1; fi
ok "exe exists: $exe ($(stat -c %s "$exe") bytes)"
check "DOS header MZ" test "$(str "$exe" 0 2)" = "MZ"
pe=$(u32 "$exe" 60)
check "PE signature at e_lfanew=$pe" test "$(str "$exe" "$pe" 4)" = 'PE\0\0'
machine=$(u16 "$exe" $((pe+4)))
check "machine type i386 (0x014c), got $(printf 0x%04x "$machine")" test "$machine" = 332
magic=$(u16 "$exe" $((pe+24)))
check "optional header PE32 (0x10b), got $(printf 0x%x "$magic")" test "$magic" = 267
subsystem=$(u16 "$exe" $((pe+24+68)))
check "subsystem console (3 = Windows CUI), got $subsystem" test "$subsystem" = 3

entries=$(unzip -Z1 "$exe" 2>/dev/null)
check "embedded zip has META-INF/MANIFEST.MF" grep -qx 'META-INF/MANIFEST.MF' <<<"$entries"
check "embedded zip has org/lmxbridge/cli/Main.class" grep -qx 'org/lmxbridge/cli/Main.class' <<<"$entries"
check "manifest Main-Class is org.lmxbridge.cli.Main" \
  grep -q '^Main-Class: org.lmxbridge.cli.Main' <(unzip -p "$exe" META-INF/MANIFEST.MF 2>/dev/null | tr -d '\r')
check "runtime search path jre;%JAVA_HOME%;%PATH% is configured" grep -aq 'jre;%JAVA_HOME%;%PATH%' "$exe"
check "English 'Java 17 or newer was not found' message" grep -aq 'Java 17 or newer was not found' "$exe"
check "Russian message (CP866) 'не найдена'" grep -q 'не найдена' <(iconv -f CP866 -t UTF-8 -c "$exe")
# ---------- run it: Launch4j's head under 32-bit wine ----------
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/lib/wine.sh"
g=0; wine_gate x86 || g=$?
if [[ $g -eq 0 ]]; then
  t="$root/installer/target/exe-test"
  rm -rf "$t" && mkdir -p "$t/app"
  cp "$exe" "$t/app/"
  if wine_prefix_init "$t/prefix"; then
    # no Java anywhere: not in the prefix, no jre\ beside the exe, no JAVA_HOME (wine passes the Unix
    # environment through; the Windows PATH holds only the prefix's folders)
    (cd "$t/app" && env -u JAVA_HOME timeout 120 "$WINE_LOADER_X86" loymax-bridge.exe --version) >"$t/nojava.out" 2>&1
    rc=$?
    out="$(tr -d '\r' <"$t/nojava.out" | iconv -f CP866 -t UTF-8 -c)"
    echo "    $out" | head -3
    check "run under 32-bit wine without Java: exit code 1 (got $rc)" test "$rc" = 1
    check "run without Java: the English text 'Java 17 or newer was not found'" grep -q 'Java 17 or newer was not found' <<<"$out"
    check "run without Java: the Russian text (CP866) 'не найдена … Нужна версия 17'" grep -q 'не найдена.*Нужна версия 17' <<<"$out"
    check "run without Java: says what to do (jre folder, JAVA_HOME)" grep -q 'jre folder beside loymax-bridge.exe.*JAVA_HOME' <<<"$out"
    if [[ -n "${LMX_WIN32_JRE:-}" ]]; then
      cp -r "$LMX_WIN32_JRE" "$t/app/jre"
      (cd "$t/app" && env -u JAVA_HOME timeout 120 "$WINE_LOADER_X86" loymax-bridge.exe --version) >"$t/version.out" 2>&1
      rc=$?
      check "run with the 32-bit Java of LMX_WIN32_JRE as jre\\: --version exits 0 (got $rc) and names the bridge" \
        grep -qi 'loymax' "$t/version.out"
    else
      echo "NOTE: no 32-bit Windows Java here (LMX_WIN32_JRE unset): the run through a real runtime is not checked"
    fi
    wineserver -k 2>/dev/null
  else
    bad "wine prefix for the exe run ($t/prefix.wineboot.log)"
  fi
elif [[ $g -eq 1 ]]; then
  bad "run under 32-bit wine: $WINE_WHY"
else
  echo "NOTE: run under 32-bit wine skipped: $WINE_WHY"
fi

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
